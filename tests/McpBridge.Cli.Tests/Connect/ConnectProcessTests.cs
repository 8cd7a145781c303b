using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpBridge.Cli.Tests.Connect;

/// <summary>
/// <c>mcp-bridge connect</c> for real: the built CLI runs as a child process between an MCP client on its
/// stdio and a real MCP endpoint on Kestrel.
/// </summary>
public sealed class ConnectProcessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string, string?> Transports => new()
    {
        // transport, endpoint path, protocol version the client asks for (null: the SDK's default, 2026-07-28 first)
        { "streamable-http", "mcp", null },
        { "streamable-http", "mcp", "2025-11-25" },
        { "auto", "mcp", "2025-06-18" },
        { "sse", "sse", null },
        { "sse", "sse", "2024-11-05" },
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Connect_ListsAndCallsTools_ThroughTheBridge(string transport, string path, string? protocolVersion)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        var stderr = new ConcurrentQueue<string>();

        await using var client = await McpClient.CreateAsync(
            BridgeTransport(new Uri(server.BaseUrl, path), transport, EchoMcpServer.Key, stderr),
            new McpClientOptions { ProtocolVersion = protocolVersion },
            cancellationToken: timeout.Token);

        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == "ask");

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hello through the bridge" }, cancellationToken: timeout.Token);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("echo: hello through the bridge", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.DoesNotContain(stderr, line => line.StartsWith("error:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("streamable-http", "mcp")]
    [InlineData("sse", "sse")]
    public async Task Connect_PassesSamplingRequestsBothWays_WhileTheToolCallIsOpen(string transport, string path)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        var stderr = new ConcurrentQueue<string>();
        var sampledQuestion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var options = new McpClientOptions
        {
            // A sessionful revision: the server sends sampling/createMessage to the client as a request of its own.
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) =>
                {
                    var question = string.Concat(request!.Messages.SelectMany(m => m.Content).OfType<TextContentBlock>().Select(t => t.Text));
                    sampledQuestion.TrySetResult(question);
                    return ValueTask.FromResult(new CreateMessageResult
                    {
                        Role = Role.Assistant,
                        Model = "test-model",
                        Content = [new TextContentBlock { Text = "42" }],
                    });
                },
            },
        };

        await using var client = await McpClient.CreateAsync(
            BridgeTransport(new Uri(server.BaseUrl, path), transport, EchoMcpServer.Key, stderr),
            options,
            cancellationToken: timeout.Token);

        var result = await client.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "meaning of life?" }, cancellationToken: timeout.Token);

        Assert.Equal("meaning of life?", await sampledQuestion.Task.WaitAsync(timeout.Token));
        Assert.Equal("sampled: 42", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.DoesNotContain(stderr, line => line.StartsWith("error:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("streamable-http", "mcp")]
    [InlineData("sse", "sse")]
    [InlineData("auto", "mcp")]
    public async Task Connect_AnswersTheRequestAndExitsWithAuthError_WhenTheKeyIsWrong(string transport, string path)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        using var process = StartBridge(new Uri(server.BaseUrl, path), transport, "wrong-key");
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);

        await process.StandardInput.WriteLineAsync(InitializeRequest(id: 1));
        await process.StandardInput.FlushAsync(timeout.Token);

        // The client gets an answer to its request instead of waiting forever...
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.NotNull(line);
        var answer = JsonNode.Parse(line)!;
        Assert.Equal(1, answer["id"]!.GetValue<int>());
        Assert.Contains("401", answer["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // ...and the process ends on its own, non-zero, with one clear line on stderr.
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(ExitCodes.AuthenticationFailed, process.ExitCode);
        var errors = await stderr;
        Assert.Contains("error: the MCP server at " + new Uri(server.BaseUrl, path).AbsoluteUri + " refused the key (HTTP 401 Unauthorized)", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ExitsWithUnreachable_WhenNothingListens()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var port = FreePort();
        using var process = StartBridge(new Uri($"http://127.0.0.1:{port}/mcp"), "streamable-http", EchoMcpServer.Key);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);

        await process.StandardInput.WriteLineAsync(InitializeRequest(id: "first"));
        await process.StandardInput.FlushAsync(timeout.Token);

        var answer = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal("first", answer["id"]!.GetValue<string>());
        Assert.Contains("connection refused", answer["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(ExitCodes.Unreachable, process.ExitCode);
        Assert.Contains($"cannot reach the MCP server at http://127.0.0.1:{port}/mcp: connection refused", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ExitsZeroAndWritesOnlyJsonRpcToStdout_WhenStdinCloses()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        using var process = StartBridge(server.McpUrl, "streamable-http", EchoMcpServer.Key);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);

        await process.StandardInput.WriteLineAsync(InitializeRequest(id: 1));
        await process.StandardInput.FlushAsync(timeout.Token);
        var initialized = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal(1, initialized["id"]!.GetValue<int>());
        Assert.Equal("2025-06-18", initialized["result"]!["protocolVersion"]!.GetValue<string>());

        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"bye"}}}""");
        await process.StandardInput.FlushAsync(timeout.Token);
        var call = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal(2, call["id"]!.GetValue<int>());
        Assert.Equal("echo: bye", call["result"]!["content"]![0]!["text"]!.GetValue<string>());

        process.StandardInput.Close();
        var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.Success, process.ExitCode);
        foreach (var extra in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Equal("2.0", JsonNode.Parse(extra)!["jsonrpc"]!.GetValue<string>());
        }

        Assert.DoesNotContain("error:", await stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("streamable-http", "mcp")]
    [InlineData("sse", "sse")]
    public async Task Connect_AnswersTheCallInFlightAndExits_WhenTheServerGoesAway(string transport, string path)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await using var server = await EchoMcpServer.StartAsync(timeout.Token);
        using var process = StartBridge(new Uri(server.BaseUrl, path), transport, EchoMcpServer.Key);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);

        await process.StandardInput.WriteLineAsync(InitializeRequest(id: 1));
        await process.StandardInput.FlushAsync(timeout.Token);
        Assert.Equal(1, JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!["id"]!.GetValue<int>());
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"hang","arguments":{}}}""");
        await process.StandardInput.FlushAsync(timeout.Token);
        await server.HangStarted.WaitAsync(timeout.Token);

        await server.KillAsync();

        // The call that was open gets an error answer instead of hanging...
        var answer = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal(7, answer["id"]!.GetValue<int>());
        Assert.StartsWith("mcp-bridge connect: ", answer["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        if (transport == "streamable-http")
        {
            // ...a Streamable HTTP session has no connection of its own to lose: the next request finds the server gone.
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":8,"method":"tools/list"}""");
            await process.StandardInput.FlushAsync(timeout.Token);
            var next = JsonNode.Parse((await process.StandardOutput.ReadLineAsync(timeout.Token))!)!;
            Assert.Equal(8, next["id"]!.GetValue<int>());
            Assert.Contains("connection refused", next["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(ExitCodes.Unreachable, process.ExitCode);
        }
        else
        {
            // ...and a legacy SSE session ends with its stream.
            await process.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(ExitCodes.Success, process.ExitCode);
        }

        Assert.Contains("error: ", await stderr, StringComparison.Ordinal);
    }

    private static StdioClientTransport BridgeTransport(Uri endpoint, string transport, string key, ConcurrentQueue<string> stderr) =>
        new(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [CliExecutable.DllPath, "connect", endpoint.AbsoluteUri, "--key", key, "--transport", transport],
            Name = "mcp-bridge connect",
            StandardErrorLines = stderr.Enqueue,
        });

    private static BridgeProcess StartBridge(Uri endpoint, string transport, string key) =>
        BridgeProcess.Start("connect", endpoint.AbsoluteUri, "--key", key, "--transport", transport);

    private static string InitializeRequest(object id) => JsonSerializer.Serialize(new
    {
        jsonrpc = "2.0",
        id,
        method = "initialize",
        @params = new
        {
            protocolVersion = "2025-06-18",
            capabilities = new { },
            clientInfo = new { name = "raw-test-client", version = "1.0" },
        },
    });

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
