using System.Text;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Fetch;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Connectors.Tests.Fetch;

public sealed class FetchConnectorTests : IAsyncLifetime, IDisposable
{
    private const string Page = """
        <!doctype html>
        <html><head><title>Test page</title><style>body { color: red }</style><script>alert('x')</script></head>
        <body>
          <nav><a href="/home">Home</a> | <a href="/about">About</a></nav>
          <h1>Hello <em>world</em></h1>
          <p>Read the <a href="/docs/intro">introduction</a> or <strong>skip it</strong>.</p>
          <ul><li>first</li><li>second <code>x = 1</code></li></ul>
          <pre><code class="language-csharp">var answer = 42;</code></pre>
          <table><tr><th>Name</th><th>Count</th></tr><tr><td>apples</td><td>3</td></tr></table>
        </body></html>
        """;

    private readonly TempDirectory _data = new();
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));
            app.MapGet("/plain", () => Results.Text("0123456789abcdefghij", "text/plain"));
            app.MapGet("/json", () => Results.Text("""{"ok":true}""", "application/json"));
            app.MapGet("/latin1", () => Results.Bytes(Encoding.Latin1.GetBytes("café"), "text/plain; charset=iso-8859-1"));
            app.MapGet("/image", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47], "image/png"));
            app.MapGet("/missing", () => Results.NotFound());
            app.MapGet("/big", () => Results.Text(new string('a', FetchTools.MaxBodyBytes + 1000), "text/plain"));
            app.MapGet("/to-page", () => Results.Redirect("/page"));
            app.MapGet("/to-localhost", (HttpContext context) => Results.Redirect($"http://localhost:{context.Connection.LocalPort}/page"));
            app.MapGet("/to-private", () => Results.Redirect("http://10.0.0.1/admin"));
            app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
            app.MapGet("/nested", () => Results.Content(string.Concat(Enumerable.Repeat("<div><span>", 50_000)), "text/html"));
            app.MapGet("/slow", async (HttpContext context) =>
            {
                await _releaseSlow.Task.WaitAsync(context.RequestAborted);
                return Results.Text("late");
            });
        });
    }

    public async Task DisposeAsync()
    {
        _releaseSlow.TrySetResult();
        await _server.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private async Task<McpTestHarness> StartAsync(EgressOptions? egress = null, JsonObject? config = null, TimeSpan? conversionBudget = null)
    {
        var guard = new EgressGuard(egress ?? new EgressOptions { AllowedHosts = [_server.HostAndPort] });
        var connector = conversionBudget is { } budget ? new FetchConnector(guard, budget) : new FetchConnector(guard);
        var source = await connector.CreateSourceAsync(ConnectorContexts.For(_data.Path, config), TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    [Fact]
    public async Task Fetch_ConvertsHtmlToMarkdown()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("fetch", new { url = _server.Url("/page").ToString() });

        var expected = $"""
            Contents of {_server.Url("/page")}:

            # Hello *world*

            Read the [introduction]({_server.Url("/docs/intro")}) or **skip it**.

            - first
            - second `x = 1`

            ```csharp
            var answer = 42;
            ```

            | Name | Count |
            | --- | --- |
            | apples | 3 |
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public async Task Fetch_ReturnsRawBody_WhenRaw()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("fetch", new { url = _server.Url("/page").ToString(), raw = true });

        Assert.Contains("<nav><a href=\"/home\">Home</a>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_PagesLongContent_WithStartIndex()
    {
        await using var harness = await StartAsync();
        var url = _server.Url("/plain").ToString();

        var first = await harness.CallTextAsync("fetch", new { url, max_length = 8 });
        var second = await harness.CallTextAsync("fetch", new { url, max_length = 8, start_index = 8 });
        var last = await harness.CallTextAsync("fetch", new { url, max_length = 8, start_index = 16 });
        var past = await harness.CallErrorAsync("fetch", new { url, start_index = 20 });

        Assert.Equal($"Contents of {url}:\n\n01234567\n\n[Content truncated: showing characters 0 to 8 of 20. Call fetch again with start_index=8 to read more.]", first);
        Assert.StartsWith($"Contents of {url}:\n\n89abcdef\n\n[Content truncated: showing characters 8 to 16 of 20.", second, StringComparison.Ordinal);
        Assert.Equal($"Contents of {url}:\n\nghij", last);
        Assert.EndsWith("start_index 20 is past the end of the content (20 characters).", past, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ReturnsJsonAndDecodesCharsets()
    {
        await using var harness = await StartAsync();

        var json = await harness.CallTextAsync("fetch", new { url = _server.Url("/json").ToString() });
        var latin1 = await harness.CallTextAsync("fetch", new { url = _server.Url("/latin1").ToString() });

        Assert.EndsWith("\n\n{\"ok\":true}", json, StringComparison.Ordinal);
        Assert.EndsWith("\n\ncafé", latin1, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_FollowsRedirects_WithinAllowedHosts()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("fetch", new { url = _server.Url("/to-page").ToString() });

        Assert.StartsWith($"Contents of {_server.Url("/page")}:\n\n# Hello", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ReportsHttpStatus_WhenNotSuccessful()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("fetch", new { url = _server.Url("/missing").ToString() });

        Assert.EndsWith($"{_server.Url("/missing")} answered HTTP 404 Not Found.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RefusesBinaryContent()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("fetch", new { url = _server.Url("/image").ToString() });

        Assert.Contains("returned image/png content, which is not text", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_CapsTheBodyItReads()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("fetch", new { url = _server.Url("/big").ToString(), start_index = FetchTools.MaxBodyBytes - 5 });

        Assert.Contains("\n\naaaaa\n\n[The response is larger than 5 MB; only its beginning was read.]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_TimesOut_AfterConfiguredSeconds()
    {
        await using var harness = await StartAsync(config: new JsonObject { ["timeoutSeconds"] = 1 });

        var error = await harness.CallErrorAsync("fetch", new { url = _server.Url("/slow").ToString() });

        Assert.EndsWith($"Fetching {_server.Url("/slow")} timed out after 1 s.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_GivesUpConverting_PagesTooComplexForItsBudget()
    {
        await using var harness = await StartAsync(conversionBudget: TimeSpan.FromMilliseconds(200));
        var url = _server.Url("/nested").ToString();

        var error = await harness.CallErrorAsync("fetch", new { url });
        var raw = await harness.CallTextAsync("fetch", new { url, raw = true, max_length = 22 });

        Assert.EndsWith($"The page at {url} is too complex to convert to Markdown in 0.2 s. Call fetch with raw set to true to get its HTML instead.", error, StringComparison.Ordinal);
        Assert.StartsWith($"Contents of {url}:\n\n<div><span><div><span>\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RejectsNonHttpUrls()
    {
        await using var harness = await StartAsync();

        var file = await harness.CallErrorAsync("fetch", new { url = "file:///etc/passwd" });
        var relative = await harness.CallErrorAsync("fetch", new { url = "/page" });

        Assert.EndsWith("'file:///etc/passwd' is not an absolute http:// or https:// URL.", file, StringComparison.Ordinal);
        Assert.EndsWith("'/page' is not an absolute http:// or https:// URL.", relative, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/page", "refusing to connect to 127.0.0.1: private or loopback address")]
    [InlineData("http://10.20.30.40/", "refusing to connect to 10.20.30.40: private or loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "refusing to connect to 169.254.169.254: private or loopback address")]
    [InlineData("http://[::1]:{port}/page", "refusing to connect to ::1: private or loopback address")]
    [InlineData("http://localhost:{port}/page", "refusing to connect to localhost (")]
    [InlineData("http://0x7f.1:{port}/page", "refusing to connect to 127.0.0.1: private or loopback address")]
    public async Task Fetch_RefusesPrivateDestinations_WithDefaultOptions(string template, string message)
    {
        await using var harness = await StartAsync(new EgressOptions());
        var url = template.Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var error = await harness.CallErrorAsync("fetch", new { url });

        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("Cannot fetch", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/to-localhost", "refusing to connect to localhost (")]
    [InlineData("/to-private", "refusing to connect to 10.0.0.1: private or loopback address")]
    [InlineData("/to-metadata", "refusing to connect to 169.254.169.254: private or loopback address")]
    public async Task Fetch_RefusesRedirects_FromAllowedHostToPrivateOnes(string path, string message)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("fetch", new { url = _server.Url(path).ToString() });

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", true)]
    [InlineData("""{"userAgent":"MyBot/1.0","timeoutSeconds":10}""", true)]
    [InlineData("""{"timeoutSeconds":0}""", false)]
    [InlineData("""{"timeoutSeconds":121}""", false)]
    [InlineData("""{"proxy":"http://x"}""", false)]
    public void Schema_ValidatesConfig(string config, bool valid)
    {
        var connector = new FetchConnector(new EgressGuard(new EgressOptions()));

        var result = ConfigValidation.Validate(connector.ConfigSchema, JsonNode.Parse(config));

        Assert.Equal(valid, result.IsValid);
    }
}
