namespace McpBridge.Cli.Infrastructure;

/// <summary>What delete-style verbs print with <c>--json</c> (their API answer is an empty 204).</summary>
/// <param name="Id">What was deleted or revoked, as given on the command line.</param>
/// <param name="Deleted">Always <see langword="true"/>: failures exit non-zero instead.</param>
internal sealed record DeletedResult(string Id, bool Deleted);
