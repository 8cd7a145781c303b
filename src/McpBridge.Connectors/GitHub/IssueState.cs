using System.Text.Json.Serialization;

namespace McpBridge.Connectors.GitHub;

/// <summary>Which issues or pull requests a list shows; in the tools' input schemas as the enum GitHub's <c>state</c> takes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IssueState>))]
internal enum IssueState
{
    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("closed")]
    Closed,

    [JsonStringEnumMemberName("all")]
    All,
}
