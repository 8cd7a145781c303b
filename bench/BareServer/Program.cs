using McpBridge.Bench.BareServer;

// usage: dotnet BareServer.dll --urls http://127.0.0.1:PORT   (endpoints: /mcp, and GET /hello for plain HTTP)
var builder = WebApplication.CreateBuilder(args);

// Per-request logging would measure the console, not the transport; the gateway logs warnings only too.
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<BareSessionStore>();

var app = builder.Build();
app.MapBareMcp("/mcp");

// The tunnel benchmark's small HTTP answer (20 bytes), next to the MCP endpoint so that one target serves both.
app.MapGet("/hello", () => "Hello from the bench");
app.Run();
