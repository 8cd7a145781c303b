using Microsoft.AspNetCore.Builder;

namespace McpBridge.Server.Hosting;

/// <summary>Builds and runs the MCP Bridge cloud (<c>mcp-bridge serve</c>).</summary>
public static class BridgeServerHost
{
    /// <summary>
    /// Builds the web application. <paramref name="args"/> are configuration arguments
    /// (<c>--urls</c>, <c>--DataDir</c>, <c>--ConnectionStrings:Default</c>, <c>--PublicUrl</c>, ...);
    /// <paramref name="configure"/> lets tests and embedders add services before the app is built.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Builds and runs until <paramref name="cancellationToken"/> fires or the process is asked to stop.</summary>
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        await using var app = Build(args);
        await app.RunAsync(cancellationToken);
    }
}
