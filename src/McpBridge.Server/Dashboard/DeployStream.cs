using System.Text.Json;
using System.Threading.Channels;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Dashboard.Components;
using McpBridge.Server.Deployment;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Server.Dashboard;

/// <summary>
/// A deploy from the dashboard with its steps streamed as they happen (one JSON object per line): the page's script
/// shows each one; without the script, the same form posts back and the page shows the outcome.
/// </summary>
internal static class DeployStream
{
    private static readonly byte[] s_newline = "\n"u8.ToArray();

    public static async Task WriteAsync(string slug, HttpContext context, DeployService deploys)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var version = int.TryParse(form["version"], out var v) ? v : (int?)null;
        var caller = Caller.From(context.User);
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";

        var lines = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var deploy = Task.Run(async () =>
        {
            try
            {
                var result = await deploys.DeployAsync(caller, slug, new DeployRequest(version), context.RequestAborted, new ChannelProgress(lines.Writer));
                lines.Writer.TryWrite(result.IsSuccess ? Done(result.Value) : Refused(result.Error));
            }
            finally
            {
                lines.Writer.TryComplete();
            }
        });

        await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, line, JsonSerializerOptions.Web, context.RequestAborted);
            await context.Response.Body.WriteAsync(s_newline, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await deploy;
    }

    private static object Done(DeployResponse response)
    {
        var failed = response.Sources.Count(s => s.Status == "failed");
        var live = response.RolledBackTo is { } back ? $"Rolled back to version {back}" : $"Version {response.Version} is live";
        return new
        {
            state = failed == 0 ? "done" : "done-with-failures",
            text = $"{live}: {response.Tools.Count} tools at {response.Endpoints.Mcp}" + (failed > 0 ? $" ({failed} source{(failed == 1 ? "" : "s")} failed; see Logs)" : string.Empty),
            version = response.Version,
        };
    }

    private static object Refused(ApiError error) => new
    {
        state = "error",
        text = error.Errors is { Count: > 0 } fields
            ? $"{error.Detail} " + string.Join(" ", fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
            : DashboardPage.Describe(error),
        planLimit = error.Code == ErrorCodes.PlanLimit,
    };

    private sealed class ChannelProgress(ChannelWriter<object> writer) : IProgress<DeployStep>
    {
        public void Report(DeployStep value) => writer.TryWrite(new { state = value.State, text = value.Text });
    }
}
