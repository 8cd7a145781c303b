using System.Net;
using McpBridge.Cli.Configuration;
using McpBridge.Client;
using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Infrastructure;

/// <summary>Prints an API error as one clear line, its field errors, and a hint; returns the matching exit code.</summary>
internal static class ApiErrorReporter
{
    public static int Report(CommandOutput output, McpBridgeApiException error, ConnectionSettings connection)
    {
        var code = error.Code ?? CodeFromStatus(error.Status);
        output.Error(Describe(error));
        foreach (var (field, messages) in error.Errors)
        {
            foreach (var message in messages)
            {
                output.Detail(field.Length == 0 ? message : $"{field}: {message}");
            }
        }

        switch (code)
        {
            case ErrorCodes.Unauthorized:
                output.Hint(connection.ApiKeySource switch
                {
                    SettingSource.Environment => $"the key comes from ${EnvironmentVariables.ApiKey}; " + ApiCommand.SignInHint,
                    SettingSource.CommandLine => "check the key passed with --api-key",
                    _ => ApiCommand.SignInHint,
                });
                return ExitCodes.AuthenticationFailed;
            case ErrorCodes.Forbidden:
                return ExitCodes.AuthenticationFailed;
            case ErrorCodes.PlanLimit or ErrorCodes.QuotaExceeded:
                // "upgrade" is the id of the plan that lifts the limit, empty or missing when no plan does (the
                // detail then says what else helps). Only an administrator can change plans, so name the plan
                // rather than an admin command. Text with spaces is advice from some other server: shown as it is.
                if (error.Upgrade is { Length: > 0 } upgrade)
                {
                    output.Hint(upgrade.Contains(' ', StringComparison.Ordinal)
                        ? upgrade
                        : $"the '{upgrade}' plan lifts this limit; an administrator of this server can move your account to it");
                }

                return ExitCodes.PlanLimit;
            case ErrorCodes.RateLimited:
                if (error.RetryAfter is { } wait)
                {
                    output.Hint($"try again in {Math.Ceiling(wait.TotalSeconds)} s");
                }

                return ExitCodes.PlanLimit;
            case ErrorCodes.NotFound:
                return ExitCodes.NotFound;
            case ErrorCodes.Conflict:
                return ExitCodes.Conflict;
            case ErrorCodes.ValidationFailed or ErrorCodes.PayloadTooLarge:
                return ExitCodes.UsageError;
            default:
                return ExitCodes.Failure;
        }
    }

    /// <summary>No server answered: its message, and a hint that depends on whether the URL was chosen or the default.</summary>
    public static int ReportUnreachable(CommandOutput output, McpBridgeConnectionException error, ConnectionSettings connection)
    {
        output.Error(error.Message);
        output.Hint(UnreachableHint(connection));
        return ExitCodes.Unreachable;
    }

    /// <summary>What to do when nothing answers at the server URL: start one (the default URL), or check the one given.</summary>
    public static string UnreachableHint(ConnectionSettings connection) => connection.ServerSource == SettingSource.Default
        ? "start a server with `mcp-bridge serve`, or pass --server URL"
        : "check the server URL and that the server is running";

    /// <summary>The one line: the specific detail if the server gave one, else the title, else the status.</summary>
    public static string Describe(McpBridgeApiException error)
    {
        var status = $"HTTP {(int)error.Status}";
        if (!string.IsNullOrWhiteSpace(error.Detail))
        {
            return $"{error.Detail.TrimEnd()} ({status})";
        }

        return !string.IsNullOrWhiteSpace(error.Title) ? $"{error.Title.TrimEnd()} ({status})" : $"the server answered {status} {error.Status}";
    }

    private static string? CodeFromStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => ErrorCodes.Unauthorized,
        HttpStatusCode.Forbidden => ErrorCodes.Forbidden,
        HttpStatusCode.NotFound => ErrorCodes.NotFound,
        HttpStatusCode.Conflict => ErrorCodes.Conflict,
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ErrorCodes.ValidationFailed,
        HttpStatusCode.RequestEntityTooLarge => ErrorCodes.PayloadTooLarge,
        HttpStatusCode.TooManyRequests => ErrorCodes.RateLimited,
        _ => null,
    };
}
