using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace McpBridge.Mcp.Http;

/// <summary>The sessions open on this node.</summary>
internal sealed class McpSessionStore
{
    private readonly ConcurrentDictionary<string, McpHttpSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public IEnumerable<McpHttpSession> All => _sessions.Values;

    public static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[18];
        RandomNumberGenerator.Fill(bytes);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public bool TryAdd(McpHttpSession session) => _sessions.TryAdd(session.Id, session);

    public bool TryGet(string id, out McpHttpSession session) => _sessions.TryGetValue(id, out session!);

    public bool TryRemove(McpHttpSession session) => _sessions.TryRemove(KeyValuePair.Create(session.Id, session));
}
