using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpBridge.TestSupport.Interop;

/// <summary>
/// Runs the official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, server mode) against an
/// endpoint and reads each scenario's <c>checks.json</c>.
/// </summary>
public static partial class ConformanceSuite
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static async Task<ConformanceReport> RunAsync(string url, ConformanceSuiteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ConformanceSuiteOptions();
        var output = options.OutputDirectory ?? Directory.CreateTempSubdirectory("mcp-conformance-").FullName;
        List<string> arguments = [InteropEnvironment.Package("@modelcontextprotocol", "conformance", "dist", "index.js"), "server", "--url", url, "-o", output];
        if (options.Scenario is { } scenario)
        {
            arguments.AddRange(["--scenario", scenario]);
        }
        else
        {
            arguments.AddRange(["--suite", options.Suite]);
        }

        if (options.SpecVersion is { } specVersion)
        {
            arguments.AddRange(["--spec-version", specVersion]);
        }

        var process = await CapturedProcess.RunAsync(InteropEnvironment.NodePath, arguments, options.Timeout, InteropEnvironment.InteropDirectory, cancellationToken: cancellationToken);
        return new ConformanceReport(url, ReadResults(output), process, output);
    }

    private static Dictionary<string, ConformanceScenarioResult> ReadResults(string output)
    {
        var results = new Dictionary<string, ConformanceScenarioResult>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(output).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(directory, "checks.json");
            var match = ScenarioDirectory().Match(Path.GetFileName(directory));
            if (!match.Success || !File.Exists(file))
            {
                continue;
            }

            var checks = JsonSerializer.Deserialize<List<ConformanceCheck>>(File.ReadAllText(file), s_json) ?? [];
            var name = match.Groups["name"].Value;
            results[name] = new ConformanceScenarioResult(name, checks);
        }

        return results;
    }

    /// <summary>The suite names result folders <c>server-{scenario}-{ISO timestamp with ':' and '.' as '-'}</c>.</summary>
    [GeneratedRegex(@"^server-(?<name>.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$")]
    private static partial Regex ScenarioDirectory();
}
