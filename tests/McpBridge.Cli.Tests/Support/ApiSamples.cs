using System.Text.Json;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Tests.Support;

/// <summary>DTOs in the shape the API sends, for the fake server to answer with.</summary>
internal static class ApiSamples
{
    public static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static PlanInfo FreePlan { get; } = new("free", "Free", MaxServers: 1, MaxToolsPerServer: 5, MonthlyCalls: 10_000, CallsPerMinute: 60, PremiumConnectors: false, MaxPersistentTunnels: 0, MaxTemporaryTunnels: 1, MonthlyTunnelRequests: 1_000);

    public static AccountInfo Account(string id = "acc_1") =>
        new(id, "Sarah", FreePlan, IsAdmin: false, GitHubLogin: null, Created, new AccountUsage(Servers: 1, CallsThisMonth: 1234, MonthResetsAt: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));

    public static ServerEndpoints Endpoints(string slug) =>
        new($"http://{slug}.localhost:5000/mcp", $"http://{slug}.localhost:5000/sse", $"http://localhost:5000/s/{slug}/mcp", $"http://localhost:5000/s/{slug}/sse");

    public static ServerInfo Server(string slug = "notes", string status = "running", int? liveVersion = 2) =>
        new($"srv_{slug}", char.ToUpperInvariant(slug[0]) + slug[1..], slug, status, liveVersion, ToolCount: 1, Endpoints(slug), Created, LastActiveAt: null);

    public static ConnectorInfo Connector(string id, string category, string schemaJson, bool premium = false) =>
        new(id, id + " connector", $"The {id} connector.", category, premium, JsonDocument.Parse(schemaJson).RootElement.Clone(), [new ConnectorToolInfo($"{id}_tool", "Does a thing.")]);

    public static SnippetSet Snippets(string slug = "notes") =>
        new(Endpoints(slug).Mcp, Endpoints(slug).Sse, "{{KEY}}",
        [
            new ClientSnippet("claude-code", "Claude Code", "shell", "shell", $"claude mcp add --transport http {slug} {Endpoints(slug).Mcp} --header \"Authorization: Bearer {{{{KEY}}}}\""),
            new ClientSnippet("curl", "curl", "shell", "shell", $"curl -H \"Authorization: Bearer {{{{KEY}}}}\" {Endpoints(slug).Mcp}"),
        ]);
}
