using System.CommandLine;
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

    public SignupCommand(CliContext context)
        : base("signup", "Create an account on the server and store its API key in the config file.", context)
    {
        Options.Add(s_name);
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
        var response = await invocation.Client.SignupAsync(new SignupRequest(invocation.ParseResult.GetValue(s_name)), cancellationToken);

        await Context.ConfigStore.SaveAsync(
            invocation.Config with { Server = invocation.Connection.ServerText, ApiKey = response.ApiKey },
            cancellationToken);

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
