using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Client.Tunnels;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Start;

/// <summary>A relay's refusal (or no relay at all) as one clear message, a hint, and the exit code scripts branch on.</summary>
internal static class TunnelFailures
{
    public static int Report(TunnelView view, CloudConnectorException error, ConnectionSettings connection)
    {
        var code = error.Code ?? CodeFromStatus(error.Status);
        switch (code)
        {
            case ErrorCodes.Unauthorized:
                view.Error(error.Message, connection.ApiKeySource == SettingSource.CommandLine ? "check the key passed with --api-key" : ApiCommand.SignInHint);
                return ExitCodes.AuthenticationFailed;
            case ErrorCodes.Forbidden:
                view.Error(error.Message);
                return ExitCodes.AuthenticationFailed;
            case ErrorCodes.PlanLimit or ErrorCodes.QuotaExceeded or ErrorCodes.RateLimited:
                view.Error(error.Message, "`mcp-bridge tunnels list` shows the names you hold; `mcp-bridge whoami` shows your plan");
                return ExitCodes.PlanLimit;
            case ErrorCodes.Conflict:
                view.Error(error.Message, "choose another --name");
                return ExitCodes.Conflict;
            case ErrorCodes.NotFound:
                view.Error(error.Message);
                return ExitCodes.NotFound;
            case ErrorCodes.ValidationFailed:
                view.Error(error.Message, "see `mcp-bridge start --help` for what a name may be");
                return ExitCodes.UsageError;
        }

        if (error.Status is null)
        {
            view.Error(error.Message, ApiErrorReporter.UnreachableHint(connection));
            return ExitCodes.Unreachable;
        }

        view.Error(error.Message);
        return ExitCodes.Failure;
    }

    private static string? CodeFromStatus(int? status) => status switch
    {
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        409 => ErrorCodes.Conflict,
        400 or 422 => ErrorCodes.ValidationFailed,
        402 or 429 => ErrorCodes.PlanLimit,
        _ => null,
    };
}
