using System.Text.Json.Nodes;

namespace McpBridge.Connectors.GitHub;

/// <summary>A successful JSON answer from GitHub, and where its list goes on.</summary>
internal sealed record GitHubResponse(JsonNode Json, GitHubPages Pages);
