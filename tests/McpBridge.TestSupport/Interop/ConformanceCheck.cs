namespace McpBridge.TestSupport.Interop;

/// <summary>One check of a conformance scenario, as written to its <c>checks.json</c>.</summary>
/// <param name="Id">The check id, e.g. <c>tools-call-simple-text</c>.</param>
/// <param name="Status"><c>SUCCESS</c>, <c>FAILURE</c>, <c>WARNING</c> or <c>INFO</c>.</param>
/// <param name="Description">What it checks.</param>
/// <param name="ErrorMessage">Why it failed or warned.</param>
public sealed record ConformanceCheck(string Id, string Status, string? Description, string? ErrorMessage)
{
    public bool IsFailure => Status == "FAILURE";
}
