namespace McpBridge.Cli.Tests.Support;

/// <summary>A request the fake API received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The path and query exactly as sent (still percent-encoded).</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Body">The request body as text.</param>
internal sealed record RecordedRequest(string Method, string RawTarget, string? Authorization, string Body);
