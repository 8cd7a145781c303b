namespace McpBridge.TestSupport.Interop;

/// <summary>Drives <c>tests/interop/client.mjs</c>, a one-shot client on the official TypeScript SDK.</summary>
public static class TypeScriptClient
{
    public static async Task<TypeScriptClientResult> RunAsync(string url, TypeScriptClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TypeScriptClientOptions();
        List<string> arguments =
        [
            Path.Combine(InteropEnvironment.InteropDirectory, "client.mjs"),
            "--url", url,
            "--transport", options.Transport,
            "--timeout-ms", ((int)options.Timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var (name, value) in options.Headers)
        {
            arguments.AddRange(["--header", $"{name}: {value}"]);
        }

        if (options.Tool is { } tool)
        {
            arguments.AddRange(["--tool", tool, "--args", options.ArgumentsJson]);
        }

        if (options.Progress)
        {
            arguments.Add("--progress");
        }

        if (options.LogLevel is { } level)
        {
            arguments.AddRange(["--log-level", level]);
        }

        var process = await CapturedProcess.RunAsync(InteropEnvironment.NodePath, arguments, options.Timeout + TimeSpan.FromSeconds(15), InteropEnvironment.InteropDirectory, cancellationToken: cancellationToken);
        return new TypeScriptClientResult(process);
    }
}
