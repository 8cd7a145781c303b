// One process, many tunnels: a SaaS platform gives each tenant's local service its own public URL.
//
//   dotnet run --project samples/MultiTenantTunnels -- --server http://127.0.0.1:5000 [--tenants acme,globex,initech] [--api-key mcpb_ak_...]
//
// Without --api-key the tunnels are temporary (two hours, no account; the relay allows two per address unless its
// Tunnels:AnonymousPerAddressConcurrent says more). With a key each tenant gets a persistent name '{tenant}-crm'.
// Every tenant here is a tiny web app on 127.0.0.1 started by this sample; in a real platform it is the tenant's
// MCP server or API. Ctrl+C closes every tunnel and stops the apps.
using McpBridge.Client.Tunnels;

var server = new Uri(Option("--server") ?? Environment.GetEnvironmentVariable("MCP_BRIDGE_SERVER") ?? "http://127.0.0.1:5000");
var apiKey = Option("--api-key") ?? Environment.GetEnvironmentVariable("MCP_BRIDGE_API_KEY");
var tenants = (Option("--tenants") ?? "acme,globex,initech").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var running = new List<(string Tenant, WebApplication App, CloudConnector Connector)>();
try
{
    foreach (var tenant in tenants)
    {
        var app = await StartTenantAppAsync(tenant);
        var port = new Uri(app.Urls.First()).Port;
        var connector = new CloudConnector(new CloudConnectorOptions
        {
            ServerUrl = server,
            ApiKey = apiKey,
            LocalPort = port,
            Temporary = apiKey is null,
            Name = apiKey is null ? tenant : $"{tenant}-crm",
        });
        connector.Disconnected += (_, e) => Console.WriteLine($"[{tenant}] disconnected: {e.Reason}{(e.WillReconnect ? " (reconnecting)" : string.Empty)}");
        connector.Reconnecting += (_, e) => Console.WriteLine($"[{tenant}] reconnecting in {e.Delay.TotalSeconds:0.0} s (attempt {e.Attempt})");
        connector.Reconnected += (_, e) => Console.WriteLine($"[{tenant}] back at {e.Connection.Url}");
        connector.Error += (_, e) => Console.WriteLine($"[{tenant}] {(e.IsFatal ? "gave up" : "error")}: {e.Message}");
        connector.RequestCompleted += (_, e) => Console.WriteLine($"[{tenant}] {e.Method} {e.Target} {e.Status} {e.Duration.TotalMilliseconds:0} ms");
        running.Add((tenant, app, connector));

        var connection = await connector.ConnectAsync(stop.Token);
        var expires = connection.ExpiresAt is { } at ? $" (expires {at.ToLocalTime():HH:mm})" : string.Empty;
        Console.WriteLine($"[{tenant}] {connection.Url}{expires}");
    }

    Console.WriteLine($"{running.Count} tunnels up. Ctrl+C to stop.");
    using var status = new PeriodicTimer(TimeSpan.FromSeconds(30));
    while (await status.WaitForNextTickAsync(stop.Token))
    {
        Console.WriteLine(string.Join("  ", running.Select(r => $"{r.Tenant}: {(r.Connector.IsConnected ? "online" : "offline")}")));
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
catch (CloudConnectorException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Environment.ExitCode = 1;
}
finally
{
    Console.WriteLine("Closing tunnels...");
    await Task.WhenAll(running.Select(async r =>
    {
        await r.Connector.DisposeAsync();
        await r.App.DisposeAsync();
    }));
    Console.WriteLine("Done.");
}

static async Task<WebApplication> StartTenantAppAsync(string tenant)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    var app = builder.Build();
    app.MapGet("/", () => Results.Json(new { tenant, message = $"Hello from {tenant}'s local service" }));
    await app.StartAsync();
    return app;
}

static string? Option(string name)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
