using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Cli.Connect;
using McpBridge.Cli.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.Cli.Tests.Connect;

/// <summary>The bridge in-process: its stdio side on in-memory pipes, its remote side on a real MCP endpoint.</summary>
public sealed class StdioBridgeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_KeepsReadingTheClientsAnswers_WhileEverySendSlotWaitsOnOne()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        var toBridge = new Pipe();
        var fromBridge = new Pipe();
        await using var local = new StreamServerTransport(toBridge.Reader.AsStream(), fromBridge.Writer.AsStream(), "test", NullLoggerFactory.Instance);
        await using var remote = RemoteTransport(server);

        // Two slots, three sampling calls: both slots stay taken until the client answers their sampling requests,
        // and those answers come in on stdin behind the third call.
        var bridge = new StdioBridge(local, remote, server.McpUrl.AbsoluteUri, NullLogger<StdioBridge>.Instance, maxConcurrentRequests: 2);
        var run = bridge.RunAsync(timeout.Token);
        var stdin = new StreamWriter(toBridge.Writer.AsStream()) { AutoFlush = true };
        var stdout = new StreamReader(fromBridge.Reader.AsStream());

        await stdin.WriteLineAsync(Initialize(id: 1));
        Assert.Equal(1, (await ReadAsync(stdout, timeout.Token))["id"]!.GetValue<int>());
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        int[] calls = [10, 11, 12];
        foreach (var id in calls)
        {
            await stdin.WriteLineAsync(JsonSerializer.Serialize(new
            {
                jsonrpc = "2.0",
                id,
                method = "tools/call",
                @params = new { name = "ask", arguments = new { question = $"q{id}" } },
            }));
        }

        var results = new Dictionary<int, string>();
        while (results.Count < calls.Length)
        {
            var message = await ReadAsync(stdout, timeout.Token);
            if (message["method"]?.GetValue<string>() == RequestMethods.SamplingCreateMessage)
            {
                await stdin.WriteLineAsync(SamplingAnswer(message["id"]!));
            }
            else
            {
                results[message["id"]!.GetValue<int>()] = message["result"]!["content"]![0]!["text"]!.GetValue<string>();
            }
        }

        Assert.Equal(calls.ToDictionary(id => id, _ => "sampled: 42"), results);
        toBridge.Writer.Complete();
        Assert.Null((await run.WaitAsync(timeout.Token)).Failure);
    }

    [Fact]
    public async Task RunAsync_EndsAsLocallyClosed_WhenStdoutCannotBeWritten()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        var toBridge = new Pipe();
        await using var local = new StreamServerTransport(toBridge.Reader.AsStream(), new BrokenStream(), "test", NullLoggerFactory.Instance);
        await using var remote = RemoteTransport(server);
        var bridge = new StdioBridge(local, remote, server.McpUrl.AbsoluteUri, NullLogger<StdioBridge>.Instance);
        var run = bridge.RunAsync(timeout.Token);

        // The answer to initialize cannot be written: the client is gone, the remote did nothing wrong.
        await new StreamWriter(toBridge.Writer.AsStream()) { AutoFlush = true }.WriteLineAsync(Initialize(id: 1));

        var outcome = await run.WaitAsync(timeout.Token);
        Assert.Null(outcome.Failure);
    }

    private static HttpClientTransport RemoteTransport(EchoMcpServer server) => new(
        new HttpClientTransportOptions
        {
            Endpoint = server.McpUrl,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + EchoMcpServer.Key },
        },
        NullLoggerFactory.Instance);

    private static async Task<JsonNode> ReadAsync(StreamReader stdout, CancellationToken cancellationToken) =>
        JsonNode.Parse(await stdout.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The bridge closed stdout."))!;

    // A sessionful revision that lets the server send sampling/createMessage as a request of its own.
    private static string Initialize(int id) => JsonSerializer.Serialize(new
    {
        jsonrpc = "2.0",
        id,
        method = "initialize",
        @params = new
        {
            protocolVersion = "2025-11-25",
            capabilities = new { sampling = new { } },
            clientInfo = new { name = "raw-test-client", version = "1.0" },
        },
    });

    private static string SamplingAnswer(JsonNode id)
    {
        var result = JsonSerializer.SerializeToNode(
            new CreateMessageResult { Role = Role.Assistant, Model = "test-model", Content = [new TextContentBlock { Text = "42" }] },
            McpJsonUtilities.DefaultOptions);
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result }.ToJsonString();
    }

    /// <summary>stdout after the client went away: every write fails.</summary>
    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => throw new IOException("Broken pipe");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Broken pipe");
    }
}
