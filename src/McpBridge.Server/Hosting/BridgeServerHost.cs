using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Hosting;

/// <summary>Builds and runs the MCP Bridge cloud (<c>mcp-bridge serve</c>).</summary>
public static class BridgeServerHost
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Environment variables read besides ASP.NET Core's own (<c>ASPNETCORE_URLS</c>, <c>ConnectionStrings__Default</c>, ...).</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentVariables = new Dictionary<string, string>
    {
        ["MCP_BRIDGE_URLS"] = "urls",
        ["MCP_BRIDGE_DATA_DIR"] = "DataDir",
        ["MCP_BRIDGE_DB"] = "ConnectionStrings:Default",
        ["MCP_BRIDGE_PUBLIC_URL"] = "PublicUrl",
        ["MCP_BRIDGE_TRUSTED_PROXIES"] = "TrustedProxies",
    };

    /// <summary>
    /// Builds the web application. <paramref name="args"/> are configuration arguments
    /// (<c>--urls</c>, <c>--DataDir</c>, <c>--ConnectionStrings:Default</c>, <c>--PublicUrl</c>, ...), which win over
    /// the <c>MCP_BRIDGE_*</c> environment variables; <paramref name="configure"/> lets tests and embedders add services.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var fromEnvironment = EnvironmentVariables
            .Where(e => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(e.Key)))
            .SelectMany(e => new[] { $"--{e.Value}", Environment.GetEnvironmentVariable(e.Key)! });
        var builder = WebApplication.CreateBuilder([.. fromEnvironment, .. args]);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.Configuration["urls"] = DefaultUrl;
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);

        // A database that cannot be reached or a host that fails to start is reported once, in plain words, by
        // whoever runs the host (the CLI prints "error: ..."); these two would add a stack trace each.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.AddBridgeServer();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapBridge();
        return app;
    }

    /// <summary>Builds and runs until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        await using var app = Build(args);
        await app.RunAsync(cancellationToken);
    }
}
