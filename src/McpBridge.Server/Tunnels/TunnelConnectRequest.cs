namespace McpBridge.Server.Tunnels;

internal sealed record TunnelConnectRequest(string? ApiKey, string? Name, bool Temporary, string? ResumeToken, System.Net.IPAddress? RemoteAddress);
