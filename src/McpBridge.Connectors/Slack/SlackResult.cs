using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace McpBridge.Connectors.Slack;

/// <summary>What Slack answered to one Web API call: the body of an <c>ok</c> answer, or the error it gave.</summary>
internal sealed record SlackResult(JsonObject? Body, SlackError? Error)
{
    public static SlackResult Ok(JsonObject body) => new(body, null);

    public static SlackResult Failed(SlackError error) => new(null, error);

    [MemberNotNullWhen(true, nameof(Body))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;
}
