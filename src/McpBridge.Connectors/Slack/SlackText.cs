using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpBridge.Connectors.Slack;

/// <summary>
/// Writes Slack messages for a model: one block per message with its time (ISO 8601, UTC), author by name, the raw
/// <c>ts</c> it needs to reply, and the text with Slack's markup (<c>&lt;@U123&gt;</c>, <c>&lt;url|label&gt;</c>,
/// <c>&amp;amp;</c>) made readable (https://docs.slack.dev/messaging/formatting-message-text). Everything else in a
/// message object (blocks, reactions, team ids) is left out.
/// </summary>
internal static partial class SlackText
{
    /// <summary>The most of one message's text shown; a longer one is cut with a note.</summary>
    public const int MaxMessageChars = 4000;

    /// <summary>A message's <c>ts</c> as an ISO time (seconds, UTC), or the text as it is when it is not a ts.</summary>
    public static string Iso(string ts)
    {
        var seconds = ts.Split('.')[0];
        return long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : ts;
    }

    /// <summary>Whether <paramref name="value"/> is a message timestamp as Slack writes them, e.g. <c>1717236000.000100</c>.</summary>
    public static bool IsTs(string value) => TsPattern().IsMatch(value);

    /// <summary>The users a message names: its author and everyone mentioned in it.</summary>
    public static IEnumerable<string> Users(JsonObject message)
    {
        if (Get(message, "user") is { Length: > 0 } author)
        {
            yield return author;
        }

        foreach (Match mention in UserMention().Matches(Get(message, "text") ?? string.Empty))
        {
            yield return mention.Groups[1].Value;
        }
    }

    /// <summary>One message as a block of lines, ending with a line break.</summary>
    /// <param name="inThread">Whether it is shown as part of its thread (no pointer to the thread then).</param>
    public static string Message(JsonObject message, SlackUserNames names, bool inThread)
    {
        var ts = Get(message, "ts") ?? string.Empty;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{Iso(ts)}] {Author(message, names)}");
        if (Get(message, "subtype") is { } subtype && subtype is not ("bot_message" or "thread_broadcast" or "file_share" or "me_message"))
        {
            text.Append(CultureInfo.InvariantCulture, $" ({subtype})");
        }

        if (message["edited"] is JsonObject)
        {
            text.Append(" (edited)");
        }

        text.Append(CultureInfo.InvariantCulture, $" ts={ts}: ");
        text.Append(Body(message, names).Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');

        var threadTs = Get(message, "thread_ts");
        var replies = message["reply_count"]?.GetValueKind() == JsonValueKind.Number ? message["reply_count"]!.GetValue<int>() : 0;
        if (!inThread && replies > 0)
        {
            var last = Get(message, "latest_reply") is { } latest ? $", last {Iso(latest)}" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"  [thread: {replies} {(replies == 1 ? "reply" : "replies")}{last}; read it with slack_read_thread, thread_ts {ts}]\n");
        }
        else if (!inThread && threadTs is not null && threadTs != ts)
        {
            text.Append(CultureInfo.InvariantCulture, $"  [a reply in the thread of ts {threadTs}, also sent to the channel]\n");
        }

        if (message["files"] is JsonArray { Count: > 0 } files)
        {
            text.Append(CultureInfo.InvariantCulture, $"  [files: {string.Join(", ", files.OfType<JsonObject>().Select(f => Get(f, "name") ?? Get(f, "title") ?? "(unnamed)"))}]\n");
        }

        return text.ToString();
    }

    /// <summary>Slack markup made readable: mentions by name, links as "label (url)", entities decoded.</summary>
    public static string Readable(string text, SlackUserNames names) =>
        Decode(Markup().Replace(text, match =>
        {
            var inner = match.Groups[1].Value;
            var pipe = inner.IndexOf('|', StringComparison.Ordinal);
            var target = pipe < 0 ? inner : inner[..pipe];
            var label = pipe < 0 ? null : inner[(pipe + 1)..];
            if (target.Length == 0)
            {
                return label ?? string.Empty;
            }

            return target[0] switch
            {
                '@' => "@" + (names.Name(target[1..]) ?? label ?? target[1..]),
                '#' => "#" + (label ?? target[1..]),
                '!' => Special(target[1..], label),
                _ when target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) => label ?? target[7..],
                _ => label is null || label == target ? target : $"{label} ({target})",
            };
        }));

    private static string Special(string command, string? label) =>
        command switch
        {
            "here" or "channel" or "everyone" => "@" + command,
            _ when label is not null => label,
            _ => "@" + command.Split('^')[0],
        };

    private static string Decode(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    private static string Author(JsonObject message, SlackUserNames names)
    {
        if (Get(message, "user") is { Length: > 0 } user)
        {
            return names.Label(user);
        }

        var bot = Get(message["bot_profile"] as JsonObject, "name") ?? Get(message, "username");
        return bot is not null ? $"{bot} (bot)" : "(unknown author)";
    }

    private static string Body(JsonObject message, SlackUserNames names)
    {
        var raw = Get(message, "text");
        if (string.IsNullOrWhiteSpace(raw))
        {
            // Apps often post only attachments; their fallback is the plain-text version Slack asks them for.
            raw = (message["attachments"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(a => Get(a, "fallback") ?? Get(a, "text") ?? Get(a, "title"))
                .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? string.Empty;
        }

        var text = Readable(raw, names);
        return text.Length <= MaxMessageChars
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..MaxMessageChars]} [message cut: {text.Length - MaxMessageChars} more characters]");
    }

    private static string? Get(JsonObject? node, string name) =>
        node?[name] is { } value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex(@"^\d{1,12}\.\d{1,9}$", RegexOptions.CultureInvariant)]
    private static partial Regex TsPattern();

    [GeneratedRegex(@"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", RegexOptions.CultureInvariant)]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<([^<>\s][^<>]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex Markup();
}
