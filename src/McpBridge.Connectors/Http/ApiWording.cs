namespace McpBridge.Connectors.Http;

/// <summary>
/// How one connector names its service and what it suggests when the service cannot be reached, so that
/// <see cref="ApiTransport"/> can word those failures for the user the way that connector always has.
/// </summary>
/// <param name="Service">The service as users know it, e.g. <c>GitHub</c>, <c>Home Assistant</c>.</param>
/// <param name="UnresolvedHint">What to check when the host name does not resolve (a whole sentence), or <see langword="null"/>.</param>
/// <param name="RefusedHint">What to check when the connection is refused (a whole sentence), or <see langword="null"/>.</param>
/// <param name="EgressHint">Why the egress guard may refuse the address and what to use instead (a whole sentence).</param>
internal sealed record ApiWording(string Service, string? UnresolvedHint, string? RefusedHint, string EgressHint);
