using McpBridge.Bench.BareServer;

// usage: dotnet BareServer.dll --urls http://127.0.0.1:PORT   (endpoint: /mcp)
var builder = WebApplication.CreateBuilder(args);

// Per-request logging would measure the console, not the transport; the gateway logs warnings only too.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<BareSessionStore>();

var app = builder.Build();
app.MapBareMcp("/mcp");
app.Run();
