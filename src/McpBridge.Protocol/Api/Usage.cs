namespace McpBridge.Protocol.Api;

/// <summary>A server's usage (<c>GET /api/v1/servers/{id}/usage</c>).</summary>
/// <param name="ServerId">The server id.</param>
/// <param name="From">First day included (UTC).</param>
/// <param name="To">Last day included (UTC).</param>
/// <param name="Totals">Totals over the period.</param>
/// <param name="Daily">One entry per day of the period, oldest first, days without calls included as zeros.</param>
/// <param name="Tools">Per-tool breakdown over the period, busiest first.</param>
/// <param name="Month">The account's monthly quota as it stands.</param>
public sealed record UsageReport(
    string ServerId,
    DateOnly From,
    DateOnly To,
    UsageTotals Totals,
    IReadOnlyList<DailyUsage> Daily,
    IReadOnlyList<ToolUsage> Tools,
    QuotaStatus Month);

/// <summary>Call totals with latency figures.</summary>
/// <param name="Calls">Metered calls.</param>
/// <param name="Errors">Calls that ended in an error.</param>
/// <param name="ErrorRate">Errors divided by calls (0 when there were no calls).</param>
/// <param name="AvgMs">Mean latency in milliseconds.</param>
/// <param name="P50Ms">Median latency (estimated from a histogram).</param>
/// <param name="P95Ms">95th-percentile latency (estimated from a histogram).</param>
public sealed record UsageTotals(long Calls, long Errors, double ErrorRate, double AvgMs, double P50Ms, double P95Ms);

/// <summary>One day of usage.</summary>
/// <param name="Date">The UTC day.</param>
/// <param name="Calls">Metered calls.</param>
/// <param name="Errors">Calls that failed.</param>
public sealed record DailyUsage(DateOnly Date, long Calls, long Errors);

/// <summary>Usage of one tool.</summary>
/// <param name="Tool">The tool name as clients see it (or the method, e.g. <c>resources/read</c>).</param>
/// <param name="Totals">Its totals.</param>
public sealed record ToolUsage(string Tool, UsageTotals Totals);

/// <summary>The monthly quota of an account.</summary>
/// <param name="Calls">Calls used this month.</param>
/// <param name="Limit">The plan's monthly limit (<see langword="null"/>: unlimited).</param>
/// <param name="ResetsAt">When the count starts again.</param>
public sealed record QuotaStatus(long Calls, long? Limit, DateTimeOffset ResetsAt);

/// <summary>One event of a server's log (<c>GET /api/v1/servers/{id}/logs</c>).</summary>
/// <param name="Id">A monotonically increasing id (use it as <c>before</c> to page back).</param>
/// <param name="At">When it happened.</param>
/// <param name="Level"><c>info</c>, <c>warning</c> or <c>error</c>.</param>
/// <param name="Kind"><c>tool_call</c>, <c>error</c>, <c>source</c>, <c>deploy</c>, <c>quota</c>, ...</param>
/// <param name="Tool">The tool concerned, if any.</param>
/// <param name="Message">A human-readable line; never a secret.</param>
/// <param name="DurationMs">How long a call took, for calls.</param>
public sealed record LogEntry(long Id, DateTimeOffset At, string Level, string Kind, string? Tool, string Message, double? DurationMs);

/// <summary>Ready-to-paste client configuration (<c>GET /api/v1/servers/{id}/snippets</c>).</summary>
/// <param name="Endpoint">The Streamable HTTP endpoint.</param>
/// <param name="SseEndpoint">The legacy SSE endpoint.</param>
/// <param name="KeyPlaceholder">The text standing for the server key in every snippet; replace it with a real key.</param>
/// <param name="Snippets">One snippet per client.</param>
public sealed record SnippetSet(string Endpoint, string SseEndpoint, string KeyPlaceholder, IReadOnlyList<ClientSnippet> Snippets);

/// <summary>Configuration for one client.</summary>
/// <param name="Client">A stable id: <c>claude-code</c>, <c>cursor</c>, <c>vscode</c>, <c>claude-desktop</c>, <c>url</c>, <c>curl</c>.</param>
/// <param name="Title">What to show, e.g. "Claude Code".</param>
/// <param name="Where">Where the snippet goes (a file path, a shell, a settings page).</param>
/// <param name="Language"><c>shell</c>, <c>json</c> or <c>text</c>.</param>
/// <param name="Content">The snippet itself, with the key placeholder.</param>
public sealed record ClientSnippet(string Client, string Title, string Where, string Language, string Content);
