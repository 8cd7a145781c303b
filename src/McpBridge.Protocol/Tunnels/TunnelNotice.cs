using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpBridge.Protocol.Tunnels;

/// <summary>A connection-level message from the relay to the agent (a <see cref="TunnelFrameType.Notice"/> frame).</summary>
public sealed record TunnelNotice
{
    /// <summary>The relay accepted the agent: <see cref="Name"/>, <see cref="Url"/>, and for a temporary tunnel <see cref="ExpiresAt"/> and <see cref="ResumeToken"/>.</summary>
    public const string Welcome = "welcome";

    /// <summary>A temporary tunnel will expire soon (<see cref="ExpiresAt"/>).</summary>
    public const string Expiring = "expiring";

    /// <summary>A temporary tunnel expired; the relay closes the connection and the name is gone.</summary>
    public const string Expired = "expired";

    /// <summary>The relay closes the connection for good (the name was released, say); <see cref="Message"/> says why.</summary>
    public const string Closing = "closing";

    /// <summary>One of <see cref="Welcome"/>, <see cref="Expiring"/>, <see cref="Expired"/>, <see cref="Closing"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The tunnel's name (its subdomain).</summary>
    public string? Name { get; init; }

    /// <summary>The tunnel's public URL.</summary>
    public string? Url { get; init; }

    /// <summary>When a temporary tunnel expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A secret that gives a temporary tunnel's name back to the agent after a reconnect.</summary>
    public string? ResumeToken { get; init; }

    /// <summary>Words for a person.</summary>
    public string? Message { get; init; }

    /// <summary>The notice as UTF-8 JSON.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, TunnelJsonContext.Default.TunnelNotice);

    /// <summary>Reads a notice; null when <paramref name="json"/> is not one.</summary>
    public static TunnelNotice? FromUtf8Json(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, TunnelJsonContext.Default.TunnelNotice);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TunnelNotice))]
internal sealed partial class TunnelJsonContext : JsonSerializerContext;
