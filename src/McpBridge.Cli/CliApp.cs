namespace McpBridge.Cli;

/// <summary>The entry point of the <c>mcp-bridge</c> tool (placeholder until the commands land).</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("mcp-bridge: commands are not implemented yet.");
        return Task.FromResult(1);
    }
}
