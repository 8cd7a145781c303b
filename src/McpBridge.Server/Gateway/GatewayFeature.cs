using McpBridge.Server.Deployment;
using McpBridge.Server.Keys;

namespace McpBridge.Server.Gateway;

/// <summary>What the gateway filter learned about an MCP request: which live server, and which key opened it.</summary>
internal sealed record GatewayFeature(LiveServer Server, KeyPrincipal Key);
