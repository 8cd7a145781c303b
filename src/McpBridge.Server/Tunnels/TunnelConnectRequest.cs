using System.Net;

namespace McpBridge.Server.Tunnels;

/// <summary>What an agent asks for when it connects (the relay reads it off the WebSocket request).</summary>
/// <param name="ApiKey">The raw account key from <c>Authorization: Bearer</c>, or null (anonymous temporary tunnels).</param>
/// <param name="Name">A persistent name, or the middle part of a temporary one.</param>
/// <param name="Temporary">Whether a temporary name is wanted.</param>
/// <param name="ResumeToken">A temporary tunnel's resume token, to get its name back after a reconnect.</param>
/// <param name="RemoteAddress">The agent's address, for the anonymous per-address limits.</param>
internal sealed record TunnelConnectRequest(string? ApiKey, string? Name, bool Temporary, string? ResumeToken, IPAddress? RemoteAddress);
