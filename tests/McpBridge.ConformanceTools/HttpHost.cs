using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpBridge.ConformanceTools;

/// <summary>
/// Serves the conformance set over Streamable HTTP (<c>/mcp</c>) and legacy SSE (<c>/sse</c>) on 127.0.0.1 with
/// McpBridge.Mcp itself: a composite server over the in-process set behind the library's transports.
/// </summary>
internal static class HttpHost
{
    public static async Task RunAsync(int port, bool diagnostics, TextWriter stdout, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        builder.Services.AddMcpHttpTransports();

        await using var app = builder.Build();
        var source = diagnostics
            ? new Mcp.Sources.InProcessSource([.. ConformanceToolset.Tools, .. ConformanceToolset.DiagnosticTools], ConformanceToolset.Resources, ConformanceToolset.Prompts, ConformanceToolset.CompleteAsync)
            : ConformanceToolset.CreateSource();
        var composite = new CompositeServer(
            "conformance-tools",
            new CompositeSnapshot(1, [new CompositeSource("conformance", "conformance-tools", source)], "mcp-bridge-conformance-tools"),
            loggerFactory: app.Services.GetRequiredService<ILoggerFactory>());
        var policy = app.Services.GetRequiredService<HostOriginPolicy>();
        app.Use(async (context, next) =>
        {
            if (!await policy.CheckAsync(context))
            {
                return;
            }

            context.Features.Set(new McpTargetFeature(composite, "anonymous"));
            await next(context);
        });
        app.MapMcpTransports();

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await stdout.WriteLineAsync(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/mcp");
        await stdout.FlushAsync(cancellationToken);

        // Ends on SIGTERM (the host's lifetime) as well as on Ctrl+C (the token).
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
