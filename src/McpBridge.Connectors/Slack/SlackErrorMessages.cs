using System.Globalization;

namespace McpBridge.Connectors.Slack;

/// <summary>
/// Slack's error codes (https://docs.slack.dev/reference/methods) in plain words, each saying what to do next: a
/// model relays them to a user who may never have seen the Slack app's settings page.
/// </summary>
internal static class SlackErrorMessages
{
    /// <param name="channel">The channel the call was about, as the user named it (for <c>channel_not_found</c> and the like).</param>
    /// <param name="threadTs">The thread the call was about (for <c>thread_not_found</c>).</param>
    public static string Describe(SlackError error, string? channel = null, string? threadTs = null)
    {
        var where = channel is null ? "the channel" : $"channel {channel}";
        return error.Code switch
        {
            "not_in_channel" =>
                $"The Slack app is not a member of {where}, so it cannot read or post there. Invite it to the channel (in Slack, type /invite @ followed by the app's name in the channel, or add the app under the channel's settings, Integrations), then try again.",
            "channel_not_found" =>
                $"Slack found no {where} that this token can see. Use slack_list_channels to find the channel's id; a private channel is only visible once the app has been invited to it.",
            "thread_not_found" or "message_not_found" =>
                $"Slack found no message with ts {threadTs ?? "(none given)"} in {where}. Use the ts of the thread's first message as slack_read_channel shows it.",
            "is_archived" => $"{Capitalize(where)} is archived: nothing can be posted to it.",
            "msg_too_long" => "The message is too long for Slack (at most 40,000 characters): shorten it or split it into several.",
            "no_text" => "The message is empty: give the text to post.",
            "restricted_action" or "restricted_action_read_only_channel" or "restricted_action_thread_only_channel" or "restricted_action_non_threadable_channel" or "posting_to_general_channel_denied" =>
                $"The workspace does not let this app post in {where} ({error.Code}); an admin of the workspace or channel decides who may post there.",
            "invalid_auth" or "not_authed" =>
                $"Slack refused the token ({error.Code}): it is not a valid token for any workspace. Check the tool's botToken setting: it is the Bot User OAuth Token (xoxb-...) on the Slack app's OAuth & Permissions page.",
            "account_inactive" or "token_revoked" or "token_expired" =>
                $"Slack refused the token ({error.Code}): it was revoked or has expired, or the app or user it belongs to was deactivated. Reinstall the Slack app to the workspace and put the new token in the tool's botToken setting.",
            "missing_scope" =>
                $"The token lacks the Slack scope {error.Needed ?? "(Slack did not say which)"} that {error.Method} needs. Add it in the Slack app's settings (OAuth & Permissions, Scopes), reinstall the app to the workspace and update the tool's botToken setting.{Provided(error)}",
            "not_allowed_token_type" => $"This kind of token may not call {error.Method} (a bot token cannot do what only a user token (xoxp-...) may).",
            "ratelimited" => RateLimited(error),
            "invalid_cursor" => "The cursor is not valid (it belongs to another listing, or has expired). Call again without a cursor to start from the beginning.",
            "fatal_error" or "internal_error" or "service_unavailable" or "request_timeout" =>
                $"Slack failed to handle {error.Method} ({error.Code}). This is on Slack's side: try again in a moment.",
            _ => $"Slack refused {error.Method}: {error.Code} (see https://docs.slack.dev/reference/methods/{error.Method} for what it means).",
        };
    }

    /// <summary>Why a search was refused because of the token: search.messages takes only a user token with search:read.</summary>
    public static string SearchNotAllowed(SlackError error) =>
        error.Code == "missing_scope"
            ? $"This token does not allow searching messages: it lacks the search:read scope (Slack says {error.Method} needs {error.Needed ?? "search:read"}).{Provided(error)} Searching needs a user token (xoxp-...) with the search:read user scope: add it in the Slack app's settings (OAuth & Permissions, User Token Scopes), reinstall the app, and configure that token. Meanwhile read channels with slack_read_channel."
            : "This token does not allow searching messages: Slack only lets a user token (xoxp-...) with the search:read scope call search.messages, and a bot token (xoxb-...) never can. Configure a user token with search:read to search, or read channels with slack_read_channel instead.";

    private static string RateLimited(SlackError error)
    {
        if (error.RetryAfter is not { } wait || error.RetryAt is not { } at)
        {
            return $"Slack's rate limit for {error.Method} was reached. Wait a minute before trying again.";
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Slack's rate limit for {error.Method} was reached. Retry after {seconds} seconds (at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); calling earlier is refused again.");
    }

    private static string Provided(SlackError error) =>
        string.IsNullOrWhiteSpace(error.Provided) ? string.Empty : $" The token has: {error.Provided}.";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
