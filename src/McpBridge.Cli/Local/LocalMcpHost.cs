using System.Net;
using System.Text.RegularExpressions;
using McpBridge.Connectors;
using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Http;
using McpBridge.Mcp.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Cli.Local;

/// <summary>
/// The MCP server <c>mcp-bridge start</c> runs on the user's machine: one composite server over the given connectors,
/// served by the same library as hosted servers, on an in-process Kestrel bound to 127.0.0.1 only. Streamable HTTP
/// answers at the root path (so the tunnel's public URL itself is the MCP endpoint) and at <c>/mcp</c>; legacy
/// HTTP+SSE at <c>/sse</c> and <c>/message</c>. No keys, plan gate or metering: the relay meters the tunnel.
/// </summary>
internal sealed partial class LocalMcpHost : IAsyncDisposable
{
    /// <summary>The principal every local request runs as: there is one user, and sessions stay with it.</summary>
    public const string Principal = "local";

    private const string ForwardedPrefixHeader = "X-Forwarded-Prefix";

    private readonly WebApplication _app;
    private readonly IReadOnlyList<CompositeSource> _sources;
    private readonly string _dataDirectory;
    private int _disposed;

    private LocalMcpHost(WebApplication app, CompositeServer composite, IReadOnlyList<CompositeSource> sources, LocalHostPolicy policy, string dataDirectory, Uri url)
    {
        _app = app;
        Composite = composite;
        _sources = sources;
        Policy = policy;
        _dataDirectory = dataDirectory;
        Url = url;
    }

    /// <summary>The root URL, <c>http://127.0.0.1:PORT/</c>: itself a Streamable HTTP endpoint.</summary>
    public Uri Url { get; }

    public int Port => Url.Port;

    public CompositeServer Composite { get; }

    /// <summary>The Host/Origin check; the tunnel's public host is added to it once known.</summary>
    public LocalHostPolicy Policy { get; }

    /// <summary>
    /// Makes the sources, then listens. Expected failures (a configuration the connector refuses, a folder that does not
    /// exist, a port in use) come back as <see cref="LocalHostStart.Error"/>, with nothing left running.
    /// </summary>
    public static async Task<LocalHostStart> StartAsync(LocalMcpHostOptions options, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-bridge-start", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var sources = new List<CompositeSource>();
        var started = false;
        try
        {
            foreach (var spec in options.Sources)
            {
                var validation = ConfigValidation.Validate(spec.Connector.ConfigSchema, spec.Config);
                if (!validation.IsValid)
                {
                    return LocalHostStart.Failed($"the {spec.Name} settings are not valid: {string.Join("; ", validation.Describe())}");
                }

                IMcpSource source;
                try
                {
                    source = await spec.Connector.CreateSourceAsync(new ConnectorContext
                    {
                        ServerId = Principal,
                        InstanceName = spec.Name,
                        Config = validation.Normalized,
                        DataDirectory = dataDirectory,
                        Events = options.Events,
                        LoggerFactory = options.LoggerFactory,
                        TimeProvider = options.TimeProvider,
                    }, cancellationToken);
                }
                catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    // Connectors word these for users: a folder that does not exist, a connection string they refuse.
                    return LocalHostStart.Failed(ex.Message.Replace(" (Parameter 'context')", string.Empty, StringComparison.Ordinal));
                }

                sources.Add(new CompositeSource(spec.Name, spec.Connector.Id, source));
            }

            var composite = new CompositeServer(Principal, new CompositeSnapshot(1, sources, options.ServerName), options.Events, options.LoggerFactory);
            var policy = new LocalHostPolicy();
            var app = Build(options, composite, policy);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                await app.DisposeAsync();
                return LocalHostStart.Failed(options.Port is > 0
                    ? $"cannot listen on 127.0.0.1:{options.Port}: {ex.InnerException?.Message ?? ex.Message} Choose another --port, or leave it out for a free one."
                    : $"cannot listen on 127.0.0.1: {ex.Message}");
            }

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            started = true;
            return new LocalHostStart(new LocalMcpHost(app, composite, sources, policy, dataDirectory, new Uri(address.TrimEnd('/') + "/")), null);
        }
        finally
        {
            if (!started)
            {
                await DisposeSourcesAsync(sources);
                DeleteDirectory(dataDirectory);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="tool"/> once through the server's own endpoint, as a client would: returns null when it
    /// answers, else its error text. For sources that only fail on use (a database that refuses the login).
    /// </summary>
    public async Task<string?> CheckToolAsync(string tool, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Url, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "mcp-bridge start (check)",
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        CallToolResult result;
        try
        {
            result = await client.CallToolAsync(tool, cancellationToken: cancellationToken);
        }
        catch (McpException ex)
        {
            return ex.Message;
        }

        return result.IsError == true
            ? string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text)) is { Length: > 0 } text ? text : $"{tool} failed"
            : null;
    }

    /// <summary>Stops listening, then stops every source (child processes end with it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Open SSE streams would hold a graceful stop for its whole timeout: a short one, then connections are cut.
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
        await Composite.SwapAsync(CompositeSnapshot.Empty, CancellationToken.None);
        await DisposeSourcesAsync(_sources);
        DeleteDirectory(_dataDirectory);
    }

    private static WebApplication Build(LocalMcpHostOptions options, CompositeServer composite, LocalHostPolicy policy)
    {
        // The empty builder reads no appsettings.json, environment or command line: `start` runs in the user's project
        // folder, whose own ASP.NET Core settings (Kestrel endpoints, say) must not leak into this listener.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port ?? 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(options.LoggerFactory);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddMcpHttpTransports();

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!await policy.CheckAsync(context))
            {
                return;
            }

            // Through the relay's path form (/t/{name}/...) the legacy SSE stream must announce /t/{name}/message, not
            // /message: the relay says what it stripped in X-Forwarded-Prefix. It only shapes that announced path.
            if (context.Request.Headers[ForwardedPrefixHeader].ToString() is { Length: > 0 } prefix && ForwardedPrefix().IsMatch(prefix))
            {
                context.Request.PathBase = prefix;
            }

            // The root is the MCP endpoint itself: https://name.host pasted into a client works as it is.
            if (!context.Request.Path.HasValue || context.Request.Path == "/")
            {
                context.Request.Path = "/mcp";
            }

            context.Features.Set(new McpTargetFeature(composite, Principal));
            await next(context);
        });

        // After the rewrite above, so that "/" routes to the Streamable HTTP endpoints.
        app.UseRouting();
        app.MapMcpTransports();
        return app;
    }

    private static async Task DisposeSourcesAsync(IEnumerable<CompositeSource> sources)
    {
        foreach (var source in sources)
        {
            await source.Source.DisposeAsync();
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder: the system cleans it up eventually.
        }
    }

    [GeneratedRegex("^(/[A-Za-z0-9._~-]+){1,8}$")]
    private static partial Regex ForwardedPrefix();
}
