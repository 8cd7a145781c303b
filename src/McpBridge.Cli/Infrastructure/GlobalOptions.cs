using System.CommandLine;
using McpBridge.Cli.Configuration;

namespace McpBridge.Cli.Infrastructure;

/// <summary>Options every command accepts (they are recursive: they may follow any subcommand).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Server = CreateServer();

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"Account API key (default: ${EnvironmentVariables.ApiKey}, else the config file).",
        HelpName = "KEY",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as JSON on stdout and nothing else (for scripts).",
        Recursive = true,
    };

    private static Option<string?> CreateServer()
    {
        var option = new Option<string?>("--server")
        {
            Description = $"MCP Bridge server URL (default: ${EnvironmentVariables.Server}, else the config file, else {ConnectionSettings.DefaultServer}).",
            HelpName = "URL",
            Recursive = true,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !ConnectionResolver.TryParseServerUrl(value, out _, out var error))
            {
                result.AddError($"--server: {error}");
            }
        });
        return option;
    }
}
