using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Account;

/// <summary><c>mcp-bridge logout</c>: removes the stored key (the server URL stays).</summary>
internal sealed class LogoutCommand : ActionCommand
{
    public LogoutCommand(CliContext context)
        : base("logout", "Remove the stored API key from the config file. The key itself stays valid on the server.", context)
    {
        Examples = ["mcp-bridge logout"];
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken)
    {
        var store = Context.ConfigStore;
        var config = await store.LoadAsync(cancellationToken);
        var hadKey = config.ApiKey is not null;
        if (hadKey)
        {
            await store.SaveAsync(config with { ApiKey = null }, cancellationToken);
        }

        if (output.IsJson)
        {
            output.WriteJson(new LogoutResult(config.Server, hadKey, store.FilePath));
        }
        else if (hadKey)
        {
            output.Line($"Signed out: the key for {CommandOutput.Escape(config.Server ?? "the default server")} was removed from {CommandOutput.Escape(store.FilePath)}.");
            output.Line("[grey]The key still works until you revoke it on the server.[/]");
        }
        else
        {
            output.Line("Not signed in: no key is stored.");
        }

        ApiKeyEnvironmentWarning.WriteIfSet(Context, output);
        return ExitCodes.Success;
    }
}
