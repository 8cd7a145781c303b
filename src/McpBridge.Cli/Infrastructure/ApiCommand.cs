using System.CommandLine;
using McpBridge.Cli.Configuration;
using McpBridge.Client;

namespace McpBridge.Cli.Infrastructure;

/// <summary>A command that calls the REST API: resolves the server and key, and reports API errors uniformly.</summary>
internal abstract class ApiCommand(string name, string description, CliContext context) : ActionCommand(name, description, context)
{
    public const string SignInHint = "run `mcp-bridge login --api-key KEY` or `mcp-bridge signup`";

    /// <summary>Whether the command needs an account key (signup and login bring their own).</summary>
    protected virtual bool RequiresApiKey => true;

    protected abstract Task<int> RunAsync(ApiInvocation invocation, CancellationToken cancellationToken);

    protected sealed override async Task<int> ExecuteAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken)
    {
        var config = await Context.ConfigStore.LoadAsync(cancellationToken);
        if (!ConnectionResolver.TryResolve(
                parseResult.GetValue(GlobalOptions.Server),
                parseResult.GetValue(GlobalOptions.ApiKey),
                Context.Environment,
                config,
                out var connection,
                out var error))
        {
            return output.UsageError(error);
        }

        if (RequiresApiKey && connection.ApiKey is null)
        {
            output.Error($"not signed in to {connection.ServerText}");
            output.Hint(SignInHint);
            return ExitCodes.AuthenticationFailed;
        }

        using var client = Context.CreateClient(connection.Server, connection.ApiKey);
        try
        {
            return await RunAsync(new ApiInvocation(parseResult, client, connection, config, output), cancellationToken);
        }
        catch (McpBridgeApiException ex)
        {
            return ApiErrorReporter.Report(output, ex, connection);
        }
        catch (McpBridgeConnectionException ex)
        {
            return ApiErrorReporter.ReportUnreachable(output, ex, connection);
        }
    }
}
