using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.Server.Hosting;
using McpBridge.Server.Metering;
using McpBridge.TestSupport.Databases;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpBridge.ServerTesting;

/// <summary>
/// The real MCP Bridge server (<see cref="BridgeServerHost"/>) on a real Kestrel port on 127.0.0.1, with a real
/// database (SQLite or PostgreSQL) and a fresh data folder. It can be stopped and started again on the same database
/// and folder, like a process restart.
/// </summary>
public sealed class TestBridge : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly TestBridgeOptions _options;
    private readonly string _dataDir;
    private readonly int _port;
    private WebApplication? _app;

    private TestBridge(TestDatabase database, TestBridgeOptions options, string dataDir, int port)
    {
        _database = database;
        _options = options;
        _dataDir = dataDir;
        _port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public Uri BaseUri { get; }

    /// <summary>An HTTP client without credentials.</summary>
    public HttpClient Http { get; }

    public DatabaseProvider Provider => _database.Provider;

    public string DataDir => _dataDir;

    /// <summary>The database's connection string (SQLite: <c>Data Source=file</c>).</summary>
    public string ConnectionString => _database.ConnectionString;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>What the server logged at Information or above (to check that no secret leaks into logs).</summary>
    public List<string> LogLines { get; } = [];

    public static async Task<TestBridge> StartAsync(DatabaseProvider provider, Action<TestBridgeOptions>? configure = null)
    {
        var options = new TestBridgeOptions();
        configure?.Invoke(options);
        var database = await TestDatabase.CreateAsync(provider);
        var dataDir = Directory.CreateTempSubdirectory("mcpb-server-").FullName;
        var bridge = new TestBridge(database, options, dataDir, FreePort());
        await bridge.StartAsync();
        return bridge;
    }

    /// <summary>Starts the server (again) on the same database, data folder and port.</summary>
    public async Task StartAsync()
    {
        var args = new List<string>
        {
            "--urls", BaseUri.ToString().TrimEnd('/'),
            "--DataDir", _dataDir,
            "--ConnectionStrings:Default", _database.ConnectionString,
            "--PublicUrl", $"http://localhost:{_port}",
            "--Logging:LogLevel:Default", "Information",
            "--SignupsPerHourPerAddress", "100000",
            // A catalog listing would otherwise start npm downloads of the built-in packages behind every test's back.
            "--Packages:DryRunInBackground", "false",
        };
        foreach (var (key, value) in _options.Settings)
        {
            args.Add($"--{key}");
            args.Add(value);
        }

        _app = BridgeServerHost.Build([.. args], builder =>
        {
            builder.Logging.AddProvider(new ListLoggerProvider(LogLines));
            foreach (var configureServices in _options.ConfigureServices)
            {
                configureServices(builder.Services);
            }
        });
        await _app.StartAsync();
    }

    /// <summary>Stops the server gracefully (queued metering is written), keeping database and folder.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Writes queued usage and events to the database now.</summary>
    public Task FlushMeteringAsync() => Services.GetRequiredService<MeteringWriter>().FlushAsync();

    public HttpClient Client(string? bearer)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Signs up a new account and returns it with a client that uses its key.</summary>
    public async Task<TestAccount> SignupAsync(string? name = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/signup", new SignupRequest(name), Json);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"signup failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var signup = (await response.Content.ReadFromJsonAsync<SignupResponse>(Json))!;
        return new TestAccount(signup.AccountId, signup.ApiKey, Client(signup.ApiKey));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                lock (lines)
                {
                    lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}

/// <summary>Settings for a <see cref="TestBridge"/>.</summary>
public sealed class TestBridgeOptions
{
    /// <summary>Configuration keys and values, as command-line configuration (e.g. <c>Egress:AllowedHosts:0</c>).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra service registrations, e.g. a test connector.</summary>
    public List<Action<IServiceCollection>> ConfigureServices { get; } = [];
}

/// <summary>A signed-up account and an HTTP client authenticated with its account key.</summary>
public sealed record TestAccount(string AccountId, string ApiKey, HttpClient Client);
