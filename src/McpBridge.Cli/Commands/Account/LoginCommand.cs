using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Client;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Account;

/// <summary>
/// <c>mcp-bridge login</c>: signs the CLI in through the browser (device flow: a code to approve in the dashboard), or
/// with <c>--api-key KEY</c> (checked against the server). Either way the key is stored in the config file.
/// </summary>
internal sealed class LoginCommand : ApiCommand
{
    public LoginCommand(CliContext context)
        : base("login", "Sign this CLI in: approve a code in the dashboard, or pass an account API key. The key is stored in the config file.", context)
    {
        Examples =
        [
            "mcp-bridge login",
            "mcp-bridge login --server https://bridge.example.com",
            "mcp-bridge login --api-key mcpb_ak_...",
        ];
    }

    protected override bool RequiresApiKey => false;

    protected override async Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var connection = invocation.Connection;
        string apiKey;
        if (connection.ApiKeySource == SettingSource.CommandLine && connection.ApiKey is { } given)
        {
            apiKey = given;
        }
        else if (await SignInThroughBrowserAsync(invocation, cancellationToken) is { } approved)
        {
            apiKey = approved;
        }
        else
        {
            return ExitCodes.AuthenticationFailed;
        }

        using var client = Context.CreateClient(connection.Server, apiKey);
        var account = await client.GetAccountAsync(cancellationToken);
        await Context.ConfigStore.SaveAsync(invocation.Config with { Server = connection.ServerText, ApiKey = apiKey }, cancellationToken);

        ApiKeyEnvironmentWarning.WriteIfSet(Context, output);
        if (output.IsJson)
        {
            output.WriteJson(account);
            return ExitCodes.Success;
        }

        var who = account.Name is { Length: > 0 } name ? $"{name} ({account.Id})" : account.Id;
        output.Line($"[green]Signed in[/] to {CommandOutput.Escape(connection.ServerText)} as [bold]{CommandOutput.Escape(who)}[/] on the [bold]{CommandOutput.Escape(account.Plan.Name)}[/] plan.");
        output.Line($"The key is stored in {CommandOutput.Escape(Context.ConfigStore.FilePath)}.");
        return ExitCodes.Success;
    }

    /// <summary>The device flow: shows the code and the page, then polls until the user approves, denies, or it expires.</summary>
    private async Task<string?> SignInThroughBrowserAsync(ApiInvocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Output;
        var started = await invocation.Client.StartDeviceLoginAsync(
            new DeviceLoginRequest($"mcp-bridge CLI on {Environment.MachineName}"), cancellationToken);

        // Stderr, so that --json keeps stdout for the result alone.
        var console = Context.Console.Error;
        console.WriteLine($"To sign in, open {started.VerificationUriComplete}");
        console.WriteLine($"and check that it shows the code {started.UserCode} (it expires in {started.ExpiresIn / 60} minutes).");
        console.WriteLine("Waiting for approval... (Ctrl+C to cancel)");

        var interval = TimeSpan.FromSeconds(Math.Max(1, started.Interval));
        while (true)
        {
            await Task.Delay(interval, Context.Time, cancellationToken);
            try
            {
                var token = await invocation.Client.PollDeviceLoginAsync(started.DeviceCode, cancellationToken);
                return token.ApiKey;
            }
            catch (McpBridgeApiException ex) when (ex.Code == ErrorCodes.AuthorizationPending)
            {
            }
            catch (McpBridgeApiException ex) when (ex.Code == ErrorCodes.SlowDown)
            {
                interval += TimeSpan.FromSeconds(5);
            }
            catch (McpBridgeApiException ex) when (ex.Code is ErrorCodes.AccessDenied or ErrorCodes.ExpiredToken)
            {
                output.Error(ex.Detail ?? ex.Message);
                output.Hint(ex.Code == ErrorCodes.AccessDenied
                    ? "the sign-in was denied in the browser; run `mcp-bridge login` again to retry"
                    : "run `mcp-bridge login` again and approve within the time shown, or pass --api-key");
                return null;
            }
        }
    }
}
