using System.Net;
using System.Net.Sockets;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Http;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.TestSupport.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;

namespace McpBridge.Connectors.Tests.Http;

public sealed class ApiTransportTests : IAsyncLifetime
{
    private const string Token = "tok_3f9a1c2b7d";
    private const int Cap = 1024;

    private static readonly ApiWording s_wording = new(
        "Example",
        UnresolvedHint: "Check the url setting.",
        RefusedHint: "Is it running?",
        EgressHint: "Use a public address.");

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger _logger = new();
    private readonly TaskCompletionSource _slowArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestWebServer _server = null!;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync(app =>
    {
        app.MapGet("/api/bytes/{count:int}", (int count) => Results.Bytes(new byte[count], "application/octet-stream"));
        app.MapGet("/api/echo", (HttpRequest request) => Results.Text($"{request.Headers.Authorization} | {request.Headers.Accept}"));
        app.MapGet("/api/missing", () => Results.Text("no such thing", statusCode: 404));
        app.MapGet("/api/slow", async (HttpContext context) =>
        {
            _slowArrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _slowAborted.TrySetResult();
            }

            return Results.Empty;
        });
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_ThrowsTheTimeoutMessage_AndAbortsTheRequest_WhenTheFakeClockPassesTheTimeout_AgainstLocalServer()
    {
        // Ten minutes: only the fake clock can get there before the test's own bound.
        using var transport = Transport(timeout: TimeSpan.FromMinutes(10));
        using var request = transport.CreateRequest(HttpMethod.Get, "slow");

        var call = transport.SendAsync(request, Cap, $"Example did not answer within 600 s ({Token}).", TestTimeouts.Token());
        await _slowArrived.Task.WaitAsync(TestTimeouts.Default);
        _time.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<McpException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Equal("Example did not answer within 600 s (********).", error.Message);
        await _slowAborted.Task.WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task SendAsync_ThrowsOperationCanceled_NotTheTimeoutMessage_WhenTheCallerCancels_AgainstLocalServer()
    {
        using var transport = Transport();
        using var request = transport.CreateRequest(HttpMethod.Get, "slow");
        using var cancel = new CancellationTokenSource();

        var call = transport.SendAsync(request, Cap, "timed out", cancel.Token);
        await _slowArrived.Task.WaitAsync(TestTimeouts.Default);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<McpException>(error);
        await _slowAborted.Task.WaitAsync(TestTimeouts.Default);
    }

    [Theory]
    [InlineData(Cap - 1, Cap - 1, false)]
    [InlineData(Cap, Cap, false)]
    [InlineData(Cap + 1, Cap, true)]
    [InlineData(Cap * 64, Cap, true)]
    public async Task SendAsync_ReadsAtMostTheCap_AndSaysWhetherThereWasMore_AgainstLocalServer(int size, int expectedRead, bool expectedTruncated)
    {
        using var transport = Transport();
        using var request = transport.CreateRequest(HttpMethod.Get, $"bytes/{size}");

        var response = await transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedRead, response.Body.Length);
        Assert.Equal(expectedTruncated, response.Truncated);
    }

    [Fact]
    public async Task SendAsync_ReturnsAnErrorStatusAsAnAnswer_ForTheCallerToWord_AgainstLocalServer()
    {
        using var transport = Transport();
        using var request = transport.CreateRequest(HttpMethod.Get, "missing");

        var response = await transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("no such thing", System.Text.Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task CreateRequest_SendsTheTokenAsABearer_AndTheAcceptType_UnderTheBaseAddress_AgainstLocalServer()
    {
        using var transport = Transport();
        using var request = transport.CreateRequest(HttpMethod.Get, "echo", accept: "application/vnd.example+json");

        var response = await transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token());

        Assert.Equal(new Uri(_server.BaseAddress, "api/echo"), request.RequestUri);
        Assert.Equal($"Bearer {Token} | application/vnd.example+json", System.Text.Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task SendAsync_SaysTheConnectionWasRefused_WithTheConnectorsHint_WhenNothingListens()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseAddress = new Uri($"http://127.0.0.1:{closedPort}/api/");
        using var transport = Transport(guard: new EgressGuard(new EgressOptions { AllowedHosts = [$"127.0.0.1:{closedPort}"] }), baseAddress: baseAddress);
        using var request = transport.CreateRequest(HttpMethod.Get, "anything");

        var error = await Assert.ThrowsAsync<McpException>(() => transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token()));

        Assert.Equal($"Could not reach Example at {baseAddress}: the connection was refused. Is it running?", error.Message);
        Assert.Contains(_logger.Messages, m => m.StartsWith($"Example at {baseAddress} could not be reached: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_SaysTheHostNameCouldNotBeResolved_WithTheConnectorsHint_WhenDnsFindsNothing()
    {
        var baseAddress = new Uri("https://ha.example.invalid/");
        var guard = new EgressGuard(new EgressOptions(), (_, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)));
        using var transport = Transport(guard: guard, baseAddress: baseAddress);
        using var request = transport.CreateRequest(HttpMethod.Get, "api/states");

        var error = await Assert.ThrowsAsync<McpException>(() => transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token()));

        Assert.Equal("Could not reach Example at https://ha.example.invalid/: the host name could not be resolved. Check the url setting.", error.Message);
    }

    [Fact]
    public async Task SendAsync_SaysTheEgressGuardRefusedTheAddress_WithoutSendingAnything_AgainstLocalServer()
    {
        using var transport = Transport(guard: new EgressGuard(new EgressOptions()));
        using var request = transport.CreateRequest(HttpMethod.Get, "slow");

        var error = await Assert.ThrowsAsync<McpException>(() => transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token()));

        Assert.Equal($"Cannot reach Example at {_server.BaseAddress}api/: refusing to connect to 127.0.0.1: private or loopback address. Use a public address.", error.Message);
        Assert.False(_slowArrived.Task.IsCompleted);
    }

    [Fact]
    public async Task SendAsync_ScrubsTheToken_FromALibraryMessageAndTheLog_WhenTheFailureRepeatsIt()
    {
        // A resolver whose failure quotes the token, as a proxy's or a library's message might.
        var guard = new EgressGuard(new EgressOptions(), (_, _) => Task.FromException<IPAddress[]>(new IOException($"upstream said: Authorization: Bearer {Token}")));
        using var transport = Transport(guard: guard, baseAddress: new Uri("https://api.example.com/"));
        using var request = transport.CreateRequest(HttpMethod.Get, "things");

        var error = await Assert.ThrowsAsync<McpException>(() => transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token()));

        Assert.StartsWith("Could not reach Example at https://api.example.com/: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Bearer {ConfigValidation.MaskedValue}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(_logger.Messages);
        Assert.All(_logger.Messages, m => Assert.DoesNotContain(Token, m, StringComparison.Ordinal));
    }

    [Fact]
    public void Scrub_MasksEveryOccurrenceOfTheToken_AndLeavesOtherTextAlone()
    {
        using var transport = Transport();

        Assert.Equal("a ******** b ********.", transport.Scrub($"a {Token} b {Token}."));
        Assert.Equal("tok_3f9a1c2 is only a prefix", transport.Scrub("tok_3f9a1c2 is only a prefix"));
    }

    [Fact]
    public void Scrub_LeavesTextAlone_WhenThereIsNoToken()
    {
        using var transport = Transport(token: string.Empty);

        Assert.Equal("nothing to hide", transport.Scrub("nothing to hide"));
    }

    [Fact]
    public void TooLarge_NamesTheServiceTheRequestAndTheCapInMiB_AndScrubsTheToken()
    {
        using var transport = Transport();

        var error = transport.TooLarge($"GET /api/{Token}", 16 * 1024 * 1024, "narrow the request down.");

        Assert.Equal("Example's answer to GET /api/******** is larger than 16 MiB; narrow the request down.", error.Message);
    }

    [Fact]
    public async Task CreateSource_DisposesTheClient_WhenTheSourceIsDisposed()
    {
        var transport = Transport();
        var source = await ApiTransport.CreateSource([], transport);
        using var request = transport.CreateRequest(HttpMethod.Get, "bytes/1");

        await source.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.SendAsync(request, Cap, "timed out", TestTimeouts.Token()));
    }

    private ApiTransport Transport(EgressGuard? guard = null, Uri? baseAddress = null, string token = Token, TimeSpan? timeout = null) =>
        new(
            (guard ?? new EgressGuard(new EgressOptions { AllowedHosts = [_server.HostAndPort] })).CreateHttpHandler(allowAutoRedirect: false),
            baseAddress ?? new Uri(_server.BaseAddress, "api/"),
            token,
            timeout ?? TimeSpan.FromSeconds(15),
            _time,
            _logger,
            s_wording);
}
