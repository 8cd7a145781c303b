using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using McpBridge.Bench.EchoStdio;

var builder = Host.CreateApplicationBuilder(args);

// stdout is the MCP channel: every log line goes to stderr, and only warnings, so that logging costs nothing per call.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddMcpServer(o => o.ServerInfo = new() { Name = "bench-echo-stdio", Version = "1.0.0" })
    .WithStdioServerTransport()
    .WithTools<EchoTools>();

await builder.Build().RunAsync();
