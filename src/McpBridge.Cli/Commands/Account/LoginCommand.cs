using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Account;

/// <summary><c>mcp-bridge login --api-key KEY</c>: checks a key against the server, then stores it.</summary>
internal sealed class LoginCommand : ApiCommand
{
    public LoginCommand(CliContext context)
        : base("login", "Sign this CLI in with an account API key (checked against the server, then stored in the config file).", context)
    {
        Examples =
        [
            "mcp-bridge login --api-key mcpb_ak_...",
            "mcp-bridge login --api-key mcpb_ak_... --server https://bridge.example.com",
        ];
    }

    protected override bool RequiresApiKey => false;

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        if (invocation.Connection.ApiKeySource != SettingSource.CommandLine)
        {
            return output.UsageError(
                "signing in through the browser is not available yet; pass the key with --api-key",
                "run `mcp-bridge login --api-key KEY`, or `mcp-bridge signup` to create an account");
        }

        var account = await invocation.Client.GetAccountAsync(cancellationToken);
        await Context.ConfigStore.SaveAsync(
            invocation.Config with { Server = invocation.Connection.ServerText, ApiKey = invocation.Connection.ApiKey },
            cancellationToken);

        ApiKeyEnvironmentWarning.WriteIfSet(Context, output);
        if (output.IsJson)
        {
            output.WriteJson(account);
            return ExitCodes.Success;
        }

        var who = account.Name is { Length: > 0 } name ? $"{name} ({account.Id})" : account.Id;
        output.Line($"[green]Signed in[/] to {CommandOutput.Escape(invocation.Connection.ServerText)} as [bold]{CommandOutput.Escape(who)}[/] on the [bold]{CommandOutput.Escape(account.Plan.Name)}[/] plan.");
        output.Line($"The key is stored in {CommandOutput.Escape(Context.ConfigStore.FilePath)}.");
        return ExitCodes.Success;
    }
}
