using System.CommandLine;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Admin;

/// <summary><c>mcp-bridge admin catalog add ID --command C [--arg A]... [--env NAME[:secret][:required][=description]]... --description D</c>.</summary>
internal sealed class AdminCatalogAddCommand : ApiCommand
{
    private static readonly Argument<string> s_id = new("ID")
    {
        Description = "The connector id users will add it by: lower case letters, digits and dashes.",
    };

    private static readonly Option<string> s_command = new("--command")
    {
        Description = "The program to run on the server (npx, node, uvx, ...), looked up on its PATH. One program: arguments go in --arg.",
        HelpName = "PROGRAM",
        Required = true,
    };

    private static readonly Option<string[]> s_args = new("--arg")
    {
        Description = "One argument (repeatable, in order; --arg=-y for one that starts with a dash). May use {sandboxDirectory}, {workingDirectory}, {dataDirectory}, {instance}.",
        HelpName = "ARG",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> s_env = new("--env")
    {
        Description = $"An environment variable users set when they add the tool (repeatable): {PackageVariableSpec.Syntax}.",
        HelpName = "SPEC",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string> s_description = new("--description")
    {
        Description = "What the package gives an assistant (shown in the catalog).",
        HelpName = "TEXT",
        Required = true,
    };

    private static readonly Option<string?> s_category = new("--category")
    {
        Description = "The catalog category (default: Packages), e.g. \"Developer tools\".",
        HelpName = "CATEGORY",
    };

    private static readonly Option<string?> s_name = new("--name")
    {
        Description = "The display name (default: the id).",
        HelpName = "NAME",
    };

    private static readonly Option<bool> s_premium = new("--premium")
    {
        Description = "Only plans with premium connectors may use it (it costs more to run).",
    };

    private static readonly Option<int?> s_maxProcesses = new("--max-processes")
    {
        Description = "Processes one tool instance may run at once (1-64, default 1).",
        HelpName = "N",
    };

    public AdminCatalogAddCommand(CliContext context)
        : base("add", "Approve a stdio package: it is in the catalog at once (no restart), and the server starts it once to learn its tools.", context)
    {
        Arguments.Add(s_id);
        Options.Add(s_command);
        Options.Add(s_args);
        Options.Add(s_env);
        Options.Add(s_description);
        Options.Add(s_category);
        Options.Add(s_name);
        Options.Add(s_premium);
        Options.Add(s_maxProcesses);
        Examples =
        [
            "mcp-bridge admin catalog add github --command npx --arg=-y --arg @modelcontextprotocol/server-github@2025.4.8 --env \"GITHUB_PERSONAL_ACCESS_TOKEN:secret:required=A personal access token\" --description \"GitHub issues and pull requests\" --category \"Developer tools\" --premium",
            "mcp-bridge admin catalog add time --command uvx --arg mcp-server-time==0.6.2 --description \"The current time in any time zone\"",
        ];
    }

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var parse = invocation.ParseResult;
        var env = new Dictionary<string, CatalogPackageVariable>(StringComparer.Ordinal);
        foreach (var text in parse.GetValue(s_env) ?? [])
        {
            if (PackageVariableSpec.TryParse(text, out var error) is not { } variable)
            {
                return output.UsageError(error!);
            }

            if (!env.TryAdd(variable.Name, variable.Variable))
            {
                return output.UsageError($"--env {variable.Name} is given twice.");
            }
        }

        var request = new AddCatalogPackageRequest(
            parse.GetRequiredValue(s_id),
            parse.GetValue(s_name),
            parse.GetRequiredValue(s_description),
            parse.GetValue(s_category),
            parse.GetValue(s_premium),
            parse.GetRequiredValue(s_command),
            parse.GetValue(s_args) ?? [],
            env,
            parse.GetValue(s_maxProcesses));

        if (!output.IsJson)
        {
            output.Line($"Adding [bold]{CommandOutput.Escape(request.Id)}[/]; the server starts it once to learn its tools (a first npm download can take a minute)...");
        }

        var package = await invocation.Client.AddCatalogPackageAsync(request, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(package);
            return ExitCodes.Success;
        }

        output.Line($"[green]✓[/] [bold]{CommandOutput.Escape(package.Id)}[/] is in the catalog: users add it with `mcp-bridge tools add SERVER {CommandOutput.Escape(package.Id)}`.");
        if (package.DryRunError is { } dryRunError)
        {
            output.Warning(dryRunError);
            output.Hint($"the entry stays; fix what the package needs and run `mcp-bridge admin catalog dry-run {package.Id}`, or remove it.");
        }
        else
        {
            output.Out.Write(AdminViews.ToolTable(package.Tools));
        }

        return ExitCodes.Success;
    }
}
