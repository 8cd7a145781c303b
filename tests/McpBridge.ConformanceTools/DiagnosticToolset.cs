using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.ConformanceTools;

/// <summary>
/// Tools for the gateway's own tests of process sources: which process answered, a crash on demand, and a call
/// that sends tagged progress and log notifications so a test can tell whose notifications reached which client.
/// </summary>
internal static class DiagnosticToolset
{
    public static McpServerTool[] Create() =>
    [
        McpServerTool.Create(
            () => Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            new() { Name = "diag_pid", Description = "Returns the id of the process serving the call" }),
        McpServerTool.Create(
            (int exitCode) =>
            {
                // Ends the process in the middle of a call, as a crashing upstream server would.
                Environment.Exit(exitCode);
                return "unreachable";
            },
            new() { Name = "diag_crash", Description = "Ends the serving process at once with the given exit code" }),
        McpServerTool.Create(ChattyAsync, new()
        {
            Name = "diag_chatty",
            Description = "Sends `count` progress and info log notifications tagged with `tag`, then returns the tag",
        }),
    ];

    private static async Task<CallToolResult> ChattyAsync(RequestContext<CallToolRequestParams> context, string tag, int count, int gapMs, CancellationToken cancellationToken)
    {
        var token = context.Params?.ProgressToken;
        for (var i = 1; i <= count; i++)
        {
            await ConformanceToolset.LogAsync(context.Server, LoggingLevel.Info, "diag_chatty", $"{tag}:{i}", cancellationToken);
            if (token is { } progressToken)
            {
                await context.Server.NotifyProgressAsync(progressToken, new ProgressNotificationValue { Progress = i, Total = count, Message = $"{tag}:{i}" }, cancellationToken: cancellationToken);
            }

            if (gapMs > 0)
            {
                await Task.Delay(gapMs, cancellationToken);
            }
        }

        return new CallToolResult { Content = [new TextContentBlock { Text = $"{tag} done" }] };
    }
}
