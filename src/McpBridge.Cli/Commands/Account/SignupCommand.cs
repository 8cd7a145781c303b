using System.CommandLine;
using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Account;

/// <summary><c>mcp-bridge signup</c>: creates an account and stores its key in the config file.</summary>
internal sealed class SignupCommand : ApiCommand
{
    private static readonly Option<string?> s_name = new("--name")
    {
        Description = "A display name for the account.",
        HelpName = "NAME",
    };

    private static readonly Option<bool> s_force = new("--force")
    {
        Description = "Replace the key already stored in the config file (keep a copy of it first: it is shown only once).",
    };

    public SignupCommand(CliContext context)
        : base("signup", "Create an account on the server and store its API key in the config file.", context)
    {
        Options.Add(s_name);
        Options.Add(s_force);
        Examples =
        [
            "mcp-bridge signup",
            "mcp-bridge signup --name sarah --server https://bridge.example.com",
        ];
    }

    protected override bool RequiresApiKey => false;

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;

        // The config file holds one key, and an account key is shown only once: storing the new account's key
        // must not silently lose the only copy of another account's.
        if (SettingText.NonEmpty(invocation.Config.ApiKey) is not null && !invocation.ParseResult.GetValue(s_force))
        {
            return output.UsageError(
                $"a key for {invocation.Config.Server ?? ConnectionSettings.DefaultServer} is already stored in {Context.ConfigStore.FilePath}; signing up would replace it",
                "keep a copy of that key and pass --force, or run `mcp-bridge logout` first");
        }

        var response = await invocation.Client.SignupAsync(new SignupRequest(invocation.ParseResult.GetValue(s_name)), cancellationToken);

        await Context.ConfigStore.SaveAsync(
            invocation.Config with { Server = invocation.Connection.ServerText, ApiKey = response.ApiKey },
            cancellationToken);

        ApiKeyEnvironmentWarning.WriteIfSet(Context, output);
        if (output.IsJson)
        {
            output.WriteJson(response);
            return ExitCodes.Success;
        }

        output.Line($"[green]Signed up.[/] Account [bold]{CommandOutput.Escape(response.AccountId)}[/] on the [bold]{CommandOutput.Escape(response.Plan)}[/] plan at {CommandOutput.Escape(invocation.Connection.ServerText)}.");
        output.Line();
        output.Line($"API key: [bold yellow]{CommandOutput.Escape(response.ApiKey)}[/]");
        output.Line();
        output.Line("[yellow]This key is shown only once. Keep a copy somewhere safe: anyone who has it can manage your account.[/]");
        output.Line($"It is stored in {CommandOutput.Escape(Context.ConfigStore.FilePath)}, so this CLI is now signed in.");
        return ExitCodes.Success;
    }
}
