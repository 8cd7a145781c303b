using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpBridge.Connectors.Slack;

/// <summary>
/// Display names of Slack users, looked up with <c>users.info</c> at most once per user for one tool call (a channel's
/// history names the same few people over and over). A lookup Slack refuses for the whole token (no users:read, the
/// rate limit) ends the lookups for the call; the ids are shown instead and <see cref="Note"/> says why.
/// </summary>
internal sealed class SlackUserNames
{
    /// <summary>The most users looked up for one call; the rest are shown by id.</summary>
    public const int MaxLookups = 50;

    private readonly SlackClient _client;
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);
    private SlackError? _stopped;
    private bool _capped;

    public SlackUserNames(SlackClient client) => _client = client;

    /// <summary>Why names are missing, for the end of the answer; <see langword="null"/> when none is.</summary>
    public string? Note =>
        _stopped switch
        {
            null => _capped ? $"[Only the first {MaxLookups} users' names were looked up; the others are shown by id.]" : null,
            { Code: "missing_scope" } => $"[User names are not shown: the token lacks the {_stopped.Needed ?? "users:read"} scope, so users appear by id.]",
            { Code: "ratelimited" } => "[Some user names are not shown: Slack's rate limit for users.info was reached, so those users appear by id.]",
            _ => $"[Some user names are not shown: users.info answered {_stopped.Code}, so those users appear by id.]",
        };

    /// <summary>Looks up every user not yet known, one <c>users.info</c> call each.</summary>
    public async Task ResolveAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        foreach (var id in userIds.Distinct(StringComparer.Ordinal))
        {
            if (_stopped is not null)
            {
                return;
            }

            if (_names.ContainsKey(id))
            {
                continue;
            }

            if (_names.Count >= MaxLookups)
            {
                _capped = true;
                return;
            }

            var result = await _client.SendFormAsync("users.info", [new("user", id)], cancellationToken);
            if (result.IsOk)
            {
                _names[id] = DisplayName(result.Body["user"] as JsonObject);
            }
            else if (result.Error.Code is "user_not_found" or "user_not_visible")
            {
                _names[id] = null;
            }
            else
            {
                _stopped = result.Error;
            }
        }
    }

    /// <summary>The user's name, or <see langword="null"/> when not known.</summary>
    public string? Name(string userId) => _names.GetValueOrDefault(userId);

    /// <summary>"Name (U123)", or the id alone when the name is not known.</summary>
    public string Label(string userId) => Name(userId) is { } name ? $"{name} ({userId})" : userId;

    /// <summary>Slack shows the display name, falling back to the real name, then the handle.</summary>
    private static string? DisplayName(JsonObject? user)
    {
        if (user is null)
        {
            return null;
        }

        var profile = user["profile"] as JsonObject;
        return new[] { Text(profile?["display_name"]), Text(profile?["real_name"]), Text(user["real_name"]), Text(user["name"]) }
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))?.Trim();
    }

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
