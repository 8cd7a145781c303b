namespace McpBridge.Cli.Commands.Start;

/// <summary>What <c>start --json</c> prints, as one line, once the URL works.</summary>
/// <param name="Url">The public URL.</param>
/// <param name="Name">The tunnel's name (its subdomain).</param>
/// <param name="ExpiresAt">When a temporary tunnel expires; null for a persistent one.</param>
/// <param name="Type">The <c>start</c> type, e.g. <c>filesystem</c>.</param>
/// <param name="Local">What the tunnel forwards to: the local MCP server, or the http-proxy target.</param>
/// <param name="Tools">How many tools the local MCP server offers; null for http-proxy.</param>
internal sealed record TunnelReadyResult(string Url, string Name, DateTimeOffset? ExpiresAt, string Type, string Local, int? Tools);
