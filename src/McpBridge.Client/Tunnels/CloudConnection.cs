namespace McpBridge.Client.Tunnels;

/// <summary>A tunnel the relay accepted.</summary>
/// <param name="Url">The public URL, e.g. <c>https://sarah-research.mcp-bridge.example.com</c>.</param>
/// <param name="Subdomain">The tunnel's name, e.g. <c>sarah-research</c> or <c>temp-k3x9q2ab</c>.</param>
/// <param name="ExpiresAt">When a temporary tunnel expires; null for a persistent one.</param>
public sealed record CloudConnection(Uri Url, string Subdomain, DateTimeOffset? ExpiresAt);
