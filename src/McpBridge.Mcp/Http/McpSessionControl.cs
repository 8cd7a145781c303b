namespace McpBridge.Mcp.Http;

/// <summary>Lets the host application end the sessions of a target, e.g. when the server behind it is deleted.</summary>
public sealed class McpSessionControl
{
    private readonly McpSessionStore _sessions;

    internal McpSessionControl(McpSessionStore sessions) => _sessions = sessions;

    /// <summary>Closes every session (Streamable HTTP or legacy SSE) opened through the target with id <paramref name="targetId"/>.</summary>
    public async Task<int> CloseSessionsAsync(string targetId)
    {
        var closed = 0;
        foreach (var session in _sessions.All.Where(s => s.Target.Id == targetId).ToArray())
        {
            if (_sessions.TryRemove(session))
            {
                await session.DisposeAsync();
                closed++;
            }
        }

        return closed;
    }
}
