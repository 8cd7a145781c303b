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
    private const int MaxSearchText = 1000;

    public async Task<string> SearchMessagesAsync(
        [Description("What to search for, in Slack's search syntax: words, \"an exact phrase\", in:#channel, from:@user, before:/after:/on:YYYY-MM-DD, has:link.")] string query,
        CancellationToken cancellationToken,
        [Description("Matches per page (default 20, at most 100).")][Range(1, 100)] int count = 20,
        [Description("Which page of matches (default 1).")][Range(1, 100)] int page = 1,
        [Description("'score' (best matches first, the default) or 'timestamp' (newest first).")][AllowedValues("score", "timestamp")] string sort = "score")
    {
        var terms = query?.Trim() ?? string.Empty;
        if (terms.Length == 0)
        {
            throw new McpException("query is empty: give the words to search for, e.g. 'deploy in:#ops'.");
        }

        ConnectorTool.CheckRange(count, 1, 100, "count");
        ConnectorTool.CheckRange(page, 1, 100, "page");
        var order = sort?.Trim().ToLowerInvariant();
        if (order is not ("score" or "timestamp"))
        {
            throw new McpException($"sort '{sort}' is not valid: 'score' (best matches first) or 'timestamp' (newest first).");
        }

        var result = await _client.SendFormAsync(
            "search.messages",
            [
                new("query", terms),
                new("count", count.ToString(CultureInfo.InvariantCulture)),
                new("page", page.ToString(CultureInfo.InvariantCulture)),
                new("sort", order),
                new("sort_dir", "desc"),
                new("highlight", "false"),
            ],
            cancellationToken);
        if (result is { IsOk: false, Error.Code: "not_allowed_token_type" or "missing_scope" })
        {
            throw new McpException(SlackErrorMessages.SearchNotAllowed(result.Error));
        }

        var found = Require(result)["messages"] as JsonObject ?? [];
        var matches = (found["matches"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        var total = Number(found["total"] ?? found["paging"]?["total"]);
        var pages = Number(found["paging"]?["pages"]);
        var names = new SlackUserNames(_client);
        var blocks = matches.Select(m => Match(m, names)).ToArray();
        var kept = Fit(blocks);

        var text = new StringBuilder();
        if (matches.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No messages match \"{terms}\"{(page > 1 ? $" on page {page}" : string.Empty)}.\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{Count(total ?? matches.Length, "message matches", "messages match")} \"{terms}\" (page {page}{(pages is { } p ? $" of {p}" : string.Empty)}, {(order == "score" ? "best matches" : "newest")} first; times in UTC):\n");
            foreach (var block in blocks.Take(kept))
            {
                text.Append(block);
            }
        }

        if (kept < matches.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"[truncated: {matches.Length - kept} more matches on this page were left out to keep this answer short; ask for fewer with count, or narrow the query.]\n");
        }

        if (pages is { } last && page < last)
        {
            text.Append(CultureInfo.InvariantCulture, $"[More matches: call again with page {page + 1}.]\n");
        }

        return _client.Scrub(text.ToString());
    }

    /// <summary>One match: search results carry the author's handle and the channel, so no lookups are needed.</summary>
    private static string Match(JsonObject match, SlackUserNames names)
    {
        var ts = Text(match["ts"]);
        var user = Text(match["user"]);
        var handle = Text(match["username"]);
        var author = (handle.Length, user.Length) switch
        {
            (> 0, > 0) => $"{handle} ({user})",
            (> 0, _) => handle,
            (_, > 0) => user,
            _ => "(unknown author)",
        };
        var channel = match["channel"] as JsonObject;
        var where = channel?["is_im"]?.GetValueKind() == JsonValueKind.True
            ? $"DM ({Text(channel["id"])})"
            : $"#{Text(channel?["name"])} ({Text(channel?["id"])})";
        var body = SlackText.Readable(Text(match["text"]), names);
        if (body.Length > MaxSearchText)
        {
            body = string.Create(CultureInfo.InvariantCulture, $"{body[..MaxSearchText]} [message cut: {body.Length - MaxSearchText} more characters]");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{SlackText.Iso(ts)}] {where} {author} ts={ts}: {body.Replace("\n", "\n  ", StringComparison.Ordinal)}\n");
        if (Text(match["permalink"]) is { Length: > 0 } link)
        {
            text.Append(CultureInfo.InvariantCulture, $"  link: {link}\n");
        }

        return text.ToString();
    }

    private static int? Number(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number && int.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
