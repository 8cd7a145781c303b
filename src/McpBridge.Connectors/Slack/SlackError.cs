namespace McpBridge.Connectors.Slack;

/// <summary>
/// A refusal by Slack: the <c>error</c> code of an <c>{"ok": false}</c> answer, or <c>ratelimited</c> for an HTTP 429.
/// </summary>
/// <param name="Method">The Web API method called, e.g. <c>conversations.history</c>.</param>
/// <param name="Code">Slack's machine-readable code, e.g. <c>channel_not_found</c>.</param>
/// <param name="Needed">For <c>missing_scope</c>: the scope the method needs.</param>
/// <param name="Provided">For <c>missing_scope</c>: the scopes the token has.</param>
/// <param name="RetryAfter">For <c>ratelimited</c>: how long Slack's <c>Retry-After</c> says to wait.</param>
/// <param name="RetryAt">For <c>ratelimited</c>: when that wait is over.</param>
internal sealed record SlackError(string Method, string Code, string? Needed = null, string? Provided = null, TimeSpan? RetryAfter = null, DateTimeOffset? RetryAt = null);
