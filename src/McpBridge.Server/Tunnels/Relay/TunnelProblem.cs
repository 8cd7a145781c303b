using System.Text.Json.Serialization;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>The JSON body of the relay's own answers (offline, target unavailable, unknown tunnel): ProblemDetails with <c>code</c> and <c>tunnel</c>.</summary>
internal sealed record TunnelProblem(string Type, string Title, int Status, string Detail, string Code, string Tunnel);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TunnelProblem))]
internal sealed partial class TunnelProblemJson : JsonSerializerContext;
