using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.Slack;

/// <summary>The Slack connector's tools, over the Web API. Split by subject: channels, messages, search.</summary>
internal sealed partial class SlackTools
{
    public static readonly ConnectorToolInfo ListChannelsInfo = new(
        "slack_list_channels",
        "List the Slack channels this token can see, one per line as 'id | name | members | flags | topic'. The flags say whether the app is a member (it can only read and post in channels it is a member of) and whether a channel is private or archived. Filter by types; a long list continues with the cursor the answer gives.");

    public static readonly ConnectorToolInfo ReadChannelInfo = new(
        "slack_read_channel",
        "Read a channel's most recent messages, oldest first, each with its time (UTC), its author's name and its ts. Give a message's ts as thread_ts to slack_read_thread to read its replies, or to slack_reply_in_thread to answer it. Page further back with before_ts.");

    public static readonly ConnectorToolInfo ReadThreadInfo = new(
        "slack_read_thread",
        "Read a thread: its first message and the replies, oldest first, with times (UTC), author names and ts. thread_ts is the ts of the thread's first message, as slack_read_channel shows it.");

    public static readonly ConnectorToolInfo PostMessageInfo = new(
        "slack_post_message",
        "Post a new message to a channel as the Slack app. The text uses Slack's mrkdwn (*bold*, _italic_, `code`, <@U0123ABCD> to mention a user). Returns the new message's ts. The app must be a member of the channel.");

    public static readonly ConnectorToolInfo ReplyInThreadInfo = new(
        "slack_reply_in_thread",
        "Reply in a message's thread as the Slack app: thread_ts is the ts of the thread's first message (as slack_read_channel shows it). Set also_send_to_channel to show the reply in the channel as well. Returns the reply's ts.");

    public static readonly ConnectorToolInfo SearchMessagesInfo = new(
        "slack_search_messages",
        "Search messages across the workspace with Slack's search syntax, e.g. 'deploy in:#ops from:@alice after:2024-05-01'. Returns matches with channel, author, time, ts and a link. Only works with a user token (xoxp-) that has the search:read scope: a bot token cannot search.");

    public static IReadOnlyList<ConnectorToolInfo> All { get; } =
        [ListChannelsInfo, ReadChannelInfo, ReadThreadInfo, PostMessageInfo, ReplyInThreadInfo, SearchMessagesInfo];

    /// <summary>The most text one answer carries: enough for a model to read, far from a raw dump.</summary>
    internal const int MaxOutputChars = 60_000;

    private const string ChannelDescription = "The channel: its id (e.g. C0123ABCD, as slack_list_channels shows it) or its name (e.g. #general).";

    private readonly SlackClient _client;

    public SlackTools(SlackClient client) => _client = client;

    public IReadOnlyList<McpServerTool> CreateTools() =>
    [
        ConnectorTool.Create(ListChannelsAsync, ListChannelsInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(ReadChannelAsync, ReadChannelInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(ReadThreadAsync, ReadThreadInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(PostMessageAsync, PostMessageInfo, readOnly: false, openWorld: true),
        ConnectorTool.Create(ReplyInThreadAsync, ReplyInThreadInfo, readOnly: false, openWorld: true),
        ConnectorTool.Create(SearchMessagesAsync, SearchMessagesInfo, readOnly: true, openWorld: true),
    ];

    /// <summary>The body of an <c>ok</c> answer; Slack's refusal, in plain words, as the tool's error otherwise.</summary>
    private JsonObject Require(SlackResult result, string? channel = null, string? threadTs = null) =>
        result.IsOk ? result.Body : throw new McpException(_client.Scrub(SlackErrorMessages.Describe(result.Error, channel, threadTs)));

    /// <summary>
    /// How many of <paramref name="blocks"/>, taken in order, fit in <see cref="MaxOutputChars"/>; always at least one,
    /// so that an answer is never empty because a single message is long (each is cut at <see cref="SlackText.MaxMessageChars"/>).
    /// </summary>
    private static int Fit(IReadOnlyList<string> blocks)
    {
        var used = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            used += blocks[i].Length;
            if (used > MaxOutputChars && i > 0)
            {
                return i;
            }
        }

        return blocks.Count;
    }

    private static string Ts(string? value, string name)
    {
        var ts = value?.Trim() ?? string.Empty;
        if (!SlackText.IsTs(ts))
        {
            throw new McpException($"{name} '{value}' is not a Slack message ts: it looks like 1717236000.000100, as slack_read_channel shows it next to each message.");
        }

        return ts;
    }

    private static string Text(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : string.Empty;

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
