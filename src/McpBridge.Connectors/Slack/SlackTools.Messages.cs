using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpBridge.Connectors.Slack;

internal sealed partial class SlackTools
{
    /// <summary>Slack truncates longer messages (https://docs.slack.dev/reference/methods/chat.postMessage).</summary>
    private const int MaxPostChars = 40_000;

    private const int MaxMessages = 200;

    public async Task<string> ReadChannelAsync(
        [Description(ChannelDescription)] string channel,
        CancellationToken cancellationToken,
        [Description("How many of the most recent messages to read (default 20, at most 200).")][Range(1, MaxMessages)] int limit = 20,
        [Description("Only messages older than this ts, to read further back: the ts a previous answer says to continue from.")] string? before_ts = null)
    {
        ConnectorTool.CheckRange(limit, 1, MaxMessages, "limit");
        var before = string.IsNullOrWhiteSpace(before_ts) ? null : Ts(before_ts, "before_ts");
        var target = await ResolveChannelAsync(channel, cancellationToken);
        var arguments = new List<KeyValuePair<string, string>>
        {
            new("channel", target.Id),
            new("limit", limit.ToString(CultureInfo.InvariantCulture)),
        };
        if (before is not null)
        {
            arguments.Add(new("latest", before));
        }

        var body = Require(await _client.SendFormAsync("conversations.history", arguments, cancellationToken), target.Label);
        // Newest first, as Slack returns them: when the answer would be too long, the oldest are the ones left out.
        var messages = (body["messages"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        var (blocks, kept, namesNote) = await WriteAsync(messages, inThread: false, cancellationToken);

        var text = new StringBuilder();
        if (messages.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No messages in {target.Label}{(before is null ? string.Empty : $" before ts {before}")}.\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{Count(kept, "message", "messages")} in {target.Label}, oldest first (times in UTC; ts identifies a message for slack_read_thread and slack_reply_in_thread):\n");
            foreach (var block in blocks.Take(kept).Reverse())
            {
                text.Append(block);
            }
        }

        var oldestShown = kept > 0 ? Text(messages[kept - 1]["ts"]) : null;
        if (kept < messages.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"[truncated: the {messages.Length - kept} oldest of the {messages.Length} messages read were left out to keep this answer short; read them with before_ts {oldestShown}.]\n");
        }
        else if (body["has_more"]?.GetValueKind() == JsonValueKind.True && oldestShown is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"[Older messages exist: call again with before_ts {oldestShown} to read further back.]\n");
        }

        if (namesNote is not null)
        {
            text.Append(namesNote).Append('\n');
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> ReadThreadAsync(
        [Description(ChannelDescription)] string channel,
        [Description("The ts of the thread's first message, e.g. 1717236000.000100.")] string thread_ts,
        CancellationToken cancellationToken,
        [Description("How many messages of the thread to read (default 50, at most 200).")][Range(1, MaxMessages)] int limit = 50,
        [Description("Only replies newer than this ts, to read on: the ts a previous answer says to continue from.")] string? after_ts = null)
    {
        ConnectorTool.CheckRange(limit, 1, MaxMessages, "limit");
        var threadTs = Ts(thread_ts, "thread_ts");
        var after = string.IsNullOrWhiteSpace(after_ts) ? null : Ts(after_ts, "after_ts");
        var target = await ResolveChannelAsync(channel, cancellationToken);
        var arguments = new List<KeyValuePair<string, string>>
        {
            new("channel", target.Id),
            new("ts", threadTs),
            new("limit", limit.ToString(CultureInfo.InvariantCulture)),
        };
        if (after is not null)
        {
            arguments.Add(new("oldest", after));
        }

        var body = Require(await _client.SendFormAsync("conversations.replies", arguments, cancellationToken), target.Label, threadTs);
        // Oldest first, the thread's start included; reading on, Slack may repeat the start, which was shown already.
        var messages = (body["messages"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(m => after is null || CompareTs(Text(m["ts"]), after) > 0)
            .ToArray();
        var (blocks, kept, namesNote) = await WriteAsync(messages, inThread: true, cancellationToken);

        var text = new StringBuilder();
        if (messages.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No {(after is null ? "messages" : $"replies after ts {after}")} in thread {threadTs} of {target.Label}.\n");
        }
        else
        {
            var start = Text(messages[0]["ts"]) == threadTs ? " (the first is the thread's start)" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"Thread {threadTs} in {target.Label}: {Count(kept, "message", "messages")}, oldest first{start}; times in UTC:\n");
            foreach (var block in blocks.Take(kept))
            {
                text.Append(block);
            }
        }

        var newestShown = kept > 0 ? Text(messages[kept - 1]["ts"]) : null;
        if (kept < messages.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"[truncated: the {messages.Length - kept} later of the {messages.Length} messages read were left out to keep this answer short; read them with after_ts {newestShown}.]\n");
        }
        else if (body["has_more"]?.GetValueKind() == JsonValueKind.True && newestShown is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"[More replies: call again with after_ts {newestShown} to read on.]\n");
        }

        if (namesNote is not null)
        {
            text.Append(namesNote).Append('\n');
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> PostMessageAsync(
        [Description(ChannelDescription)] string channel,
        [Description("The message, in Slack mrkdwn.")] string text,
        CancellationToken cancellationToken)
    {
        var (target, ts) = await PostAsync(channel, text, threadTs: null, broadcast: false, cancellationToken);
        return _client.Scrub($"Posted to {target.Label} as ts {ts} ({SlackText.Iso(ts)} UTC). To answer in its thread, call slack_reply_in_thread with thread_ts {ts}.");
    }

    public async Task<string> ReplyInThreadAsync(
        [Description(ChannelDescription)] string channel,
        [Description("The ts of the thread's first message, e.g. 1717236000.000100.")] string thread_ts,
        [Description("The reply, in Slack mrkdwn.")] string text,
        CancellationToken cancellationToken,
        [Description("Also show the reply in the channel, not only in the thread (default false).")] bool also_send_to_channel = false)
    {
        var threadTs = Ts(thread_ts, "thread_ts");
        var (target, ts) = await PostAsync(channel, text, threadTs, also_send_to_channel, cancellationToken);
        return _client.Scrub($"Replied in thread {threadTs} of {target.Label}{(also_send_to_channel ? ", also sent to the channel," : string.Empty)} as ts {ts} ({SlackText.Iso(ts)} UTC).");
    }

    private async Task<(ChannelRef Channel, string Ts)> PostAsync(string channel, string text, string? threadTs, bool broadcast, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new McpException("text is empty: give the message to post.");
        }

        if (text.Length > MaxPostChars)
        {
            throw new McpException($"text is {text.Length} characters long; Slack takes at most {MaxPostChars}. Shorten it or post it in parts.");
        }

        var target = await ResolveChannelAsync(channel, cancellationToken);
        var request = new JsonObject { ["channel"] = target.Id, ["text"] = text };
        if (threadTs is not null)
        {
            request["thread_ts"] = threadTs;
            request["reply_broadcast"] = broadcast;
        }

        var body = Require(await _client.SendJsonAsync("chat.postMessage", request, cancellationToken), target.Label, threadTs);
        return (target, Text(body["ts"]));
    }

    /// <summary>
    /// The messages as blocks, in the order given, with their users' names looked up (once each); how many of them fit
    /// in one answer; and why names are missing, if they are.
    /// </summary>
    private async Task<(string[] Blocks, int Kept, string? NamesNote)> WriteAsync(JsonObject[] messages, bool inThread, CancellationToken cancellationToken)
    {
        var names = new SlackUserNames(_client);
        await names.ResolveAsync(messages.SelectMany(SlackText.Users), cancellationToken);
        var blocks = messages.Select(m => SlackText.Message(m, names, inThread)).ToArray();
        return (blocks, Fit(blocks), names.Note);
    }

    private static int CompareTs(string left, string right) =>
        decimal.TryParse(left, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var l) &&
        decimal.TryParse(right, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r)
            ? l.CompareTo(r)
            : string.CompareOrdinal(left, right);
}
