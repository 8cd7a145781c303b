using McpBridge.Server.Deployment;

namespace McpBridge.Server.Gateway;

/// <summary>What the gateway filter learned about an MCP request: which live server it is for.</summary>
internal sealed record GatewayFeature(LiveServer Server);
