using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;

namespace McpBridge.Connectors.Slack;

internal sealed partial class SlackTools
{
    /// <summary>The most channels one call lists: 500 lines of at most ~200 characters stay a readable answer.</summary>
    private const int MaxChannels = 500;

    /// <summary>conversations.list pages per call: Slack may return short (even empty) pages when it filters.</summary>
    private const int MaxChannelPages = 20;

    private const int MaxTopicChars = 100;

    private static readonly string[] s_channelTypes = ["public_channel", "private_channel", "mpim", "im"];

    public async Task<string> ListChannelsAsync(
        CancellationToken cancellationToken,
        [Description("Comma-separated channel types: public_channel (default), private_channel, mpim (group DMs), im (DMs), e.g. 'public_channel,private_channel'.")] string types = "public_channel",
        [Description("Leave out archived channels (default true).")] bool exclude_archived = true,
        [Description("The most channels to list (default 100, at most 500).")][Range(1, MaxChannels)] int max_results = 100,
        [Description("Continue a previous listing: the cursor its answer gave.")] string? cursor = null)
    {
        ConnectorTool.CheckRange(max_results, 1, MaxChannels, "max_results");
        var typeList = ChannelTypes(types);
        var channels = new List<JsonObject>();
        var next = string.IsNullOrWhiteSpace(cursor) ? null : cursor.Trim();
        string? stoppedBy = null;
        for (var page = 0; page < MaxChannelPages && channels.Count < max_results; page++)
        {
            var arguments = new List<KeyValuePair<string, string>>
            {
                new("types", typeList),
                new("exclude_archived", exclude_archived ? "true" : "false"),
                new("limit", Math.Min(200, max_results - channels.Count).ToString(CultureInfo.InvariantCulture)),
            };
            if (next is not null)
            {
                arguments.Add(new("cursor", next));
            }

            var result = await _client.SendFormAsync("conversations.list", arguments, cancellationToken);
            if (!result.IsOk && channels.Count > 0)
            {
                // Keep what was read (a later page may hit the rate limit) and say how to go on.
                stoppedBy = SlackErrorMessages.Describe(result.Error);
                break;
            }

            var body = Require(result);
            channels.AddRange((body["channels"] as JsonArray ?? []).OfType<JsonObject>());
            next = Text(body["response_metadata"]?["next_cursor"]) is { Length: > 0 } more ? more : null;
            if (next is null)
            {
                break;
            }
        }

        if (channels.Count > max_results)
        {
            channels.RemoveRange(max_results, channels.Count - max_results);
        }

        var names = new SlackUserNames(_client);
        await names.ResolveAsync(channels.Select(c => Text(c["user"])).Where(u => u.Length > 0), cancellationToken);
        var text = new StringBuilder();
        if (channels.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No channels of type {typeList} that this token can see{(exclude_archived ? " (archived ones left out)" : string.Empty)}.");
            text.Append(typeList.Contains("private_channel", StringComparison.Ordinal) ? "\n" : " Private channels are listed with types 'private_channel'.\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{Count(channels.Count, "channel", "channels")} (id | name | members | flags | topic):\n");
            foreach (var channel in channels)
            {
                text.Append(ChannelLine(channel, names)).Append('\n');
            }
        }

        if (stoppedBy is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"[Stopped early: {stoppedBy}]\n");
        }

        if (next is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"[More channels: call slack_list_channels again with cursor \"{next}\" and the same types to continue.]\n");
        }

        if (names.Note is { } note)
        {
            text.Append(note).Append('\n');
        }

        return _client.Scrub(text.ToString());
    }

    private static string ChannelTypes(string? types)
    {
        var list = (types ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (list.Length == 0 || list.Any(t => !s_channelTypes.Contains(t, StringComparer.Ordinal)))
        {
            throw new McpException($"types '{types}' is not valid: give one or more of {string.Join(", ", s_channelTypes)}, separated by commas.");
        }

        return string.Join(",", list);
    }

    private static string ChannelLine(JsonObject channel, SlackUserNames names)
    {
        var id = Text(channel["id"]);
        var name = channel["is_im"]?.GetValueKind() == JsonValueKind.True
            ? $"DM with {names.Label(Text(channel["user"]))}"
            : channel["is_mpim"]?.GetValueKind() == JsonValueKind.True ? $"group DM {Text(channel["name"])}" : $"#{Text(channel["name"])}";
        var members = channel["num_members"]?.GetValueKind() == JsonValueKind.Number ? $"{channel["num_members"]!.ToJsonString()} members" : string.Empty;
        var flags = new List<string>();
        if (channel["is_member"]?.GetValueKind() is { } member and (JsonValueKind.True or JsonValueKind.False))
        {
            flags.Add(member == JsonValueKind.True ? "member" : "not a member");
        }

        if (channel["is_private"]?.GetValueKind() == JsonValueKind.True && channel["is_im"]?.GetValueKind() != JsonValueKind.True && channel["is_mpim"]?.GetValueKind() != JsonValueKind.True)
        {
            flags.Add("private");
        }

        if (channel["is_archived"]?.GetValueKind() == JsonValueKind.True)
        {
            flags.Add("archived");
        }

        var topic = Text(channel["topic"]?["value"]) is { Length: > 0 } t ? t : Text(channel["purpose"]?["value"]);
        topic = SlackText.Readable(topic, names).ReplaceLineEndings(" ");
        if (topic.Length > MaxTopicChars)
        {
            topic = topic[..MaxTopicChars] + "...";
        }

        return $"{id} | {name} | {members} | {string.Join(", ", flags)} | {topic}".TrimEnd(' ', '|');
    }

    /// <summary>
    /// The channel a model named: an id is taken as it is; a name is looked up in the channels the token can see
    /// (public ones, and private ones the app is in), so that "#general" works as well as "C0123ABCD".
    /// </summary>
    private async Task<ChannelRef> ResolveChannelAsync(string? channel, CancellationToken cancellationToken)
    {
        var given = channel?.Trim() ?? string.Empty;
        if (ChannelId().IsMatch(given))
        {
            return new ChannelRef(given, given);
        }

        var name = given.TrimStart('#');
        if (name.Length is 0 or > 80 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new McpException($"channel '{channel}' is neither a channel id (e.g. C0123ABCD) nor a channel name (e.g. #general). Use slack_list_channels to find it.");
        }

        string? cursor = null;
        for (var page = 0; page < MaxChannelPages; page++)
        {
            var arguments = new List<KeyValuePair<string, string>>
            {
                new("types", "public_channel,private_channel"),
                new("exclude_archived", "false"),
                new("limit", "1000"),
            };
            if (cursor is not null)
            {
                arguments.Add(new("cursor", cursor));
            }

            var result = await _client.SendFormAsync("conversations.list", arguments, cancellationToken);
            if (result is { IsOk: false, Error.Code: "missing_scope" })
            {
                throw new McpException($"{SlackErrorMessages.Describe(result.Error)} Or give the channel by its id (e.g. C0123ABCD), which needs no lookup.");
            }

            var body = Require(result, $"#{name}");
            var match = (body["channels"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(c => string.Equals(Text(c["name"]), name, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                var id = Text(match["id"]);
                return new ChannelRef(id, $"#{Text(match["name"])} ({id})");
            }

            cursor = Text(body["response_metadata"]?["next_cursor"]) is { Length: > 0 } more ? more : null;
            if (cursor is null)
            {
                break;
            }
        }

        throw new McpException($"No channel named '#{name}' that this token can see (public channels, and private ones the app was invited to). Check the name with slack_list_channels, or give the channel id.");
    }

    /// <summary>
    /// Public (C), private (G, older ones) and direct-message (D) conversation ids: upper case with digits, unlike
    /// names, which Slack keeps in lower case ("GENERAL" is taken as a name).
    /// </summary>
    [GeneratedRegex("^[CGD](?=[A-Z]*[0-9])[A-Z0-9]{6,}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelId();

    /// <param name="Id">What the Web API takes.</param>
    /// <param name="Label">How answers name it: "#general (C0123ABCD)", or the id when only that was given.</param>
    private readonly record struct ChannelRef(string Id, string Label);
}
