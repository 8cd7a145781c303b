using McpBridge.Connectors.Fetch;

namespace McpBridge.Connectors.Tests.Fetch;

public sealed class HtmlToMarkdownTests
{
    private static readonly Uri s_base = new("https://example.com/docs/page.html");

    [Theory]
    [InlineData("<h2>Sub <b>title</b></h2><h6>Six</h6>", "## Sub **title**\n\n###### Six")]
    [InlineData("<p>one\n   two</p><p>three</p>", "one two\n\nthree")]
    [InlineData("<p>line<br>break</p>", "line\nbreak")]
    [InlineData("<p><a href='../other.html'>rel</a> <a href='https://x.org/a'>abs</a> <a href='#top'>anchor</a> <a href='javascript:void(0)'>js</a></p>",
        "[rel](https://example.com/other.html) [abs](https://x.org/a) anchor js")]
    [InlineData("<p><img src='/i.png' alt='An image'></p>", "![An image](https://example.com/i.png)")]
    [InlineData("<p><em>a</em> <i>b</i> <strong>c</strong> <del>d</del> <code>e`f</code></p>", "*a* *b* **c** ~~d~~ ``e`f``")]
    [InlineData("<blockquote><p>quoted</p><p>twice</p></blockquote>", "> quoted\n>\n> twice")]
    [InlineData("<hr>", "---")]
    [InlineData("<pre>  indented\n    code</pre>", "```\n  indented\n    code\n```")]
    [InlineData("<pre><code>has ``` fence</code></pre>", "````\nhas ``` fence\n````")]
    [InlineData("<div>loose <span>inline</span> text<div>block</div>tail</div>", "loose inline text\n\nblock\n\ntail")]
    [InlineData("<p>keep</p><script>var x;</script><style>p{}</style><noscript>no</noscript><nav>menu</nav><p hidden>secret</p><button>Click</button>", "keep")]
    public async Task Convert_HandlesElements(string html, string markdown)
    {
        Assert.Equal(markdown, await ConvertAsync(html));
    }

    [Fact]
    public async Task Convert_NestsLists()
    {
        const string html = "<ol start='3'><li>three<ul><li>a</li><li>b</li></ul></li><li><p>four</p></li></ol>";

        Assert.Equal("3. three\n   - a\n   - b\n4. four", await ConvertAsync(html));
    }

    [Fact]
    public async Task Convert_WritesTables_WithHeaderRowAndEscapedPipes()
    {
        const string html = """
            <table>
              <thead><tr><th>Key</th><th>Value</th></tr></thead>
              <tbody><tr><td>a|b</td><td>1</td></tr><tr><td>c</td></tr></tbody>
            </table>
            """;

        Assert.Equal("| Key | Value |\n| --- | --- |\n| a\\|b | 1 |\n| c |  |", await ConvertAsync(html));
    }

    [Fact]
    public async Task Convert_UsesTitle_WhenPageHasNoH1()
    {
        const string html = "<html><head><title> My   Page </title></head><body><p>text</p></body></html>";

        Assert.Equal("# My Page\n\ntext", await ConvertAsync(html));
    }

    [Fact]
    public async Task Convert_FlattensAbsurdNesting_InsteadOfExhaustingTheStack()
    {
        const int depth = 2_000;
        var html = string.Concat(Enumerable.Repeat("<div><span>", depth)) + "deep text" + string.Concat(Enumerable.Repeat("</span></div>", depth));

        var markdown = await ConvertAsync("<p>top</p>" + html);

        Assert.Equal("top\n\ndeep text", markdown);
    }

    [Fact]
    public async Task Convert_StopsWhenCancelled_ForMarkupTooExpensiveToParse()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 50_000));
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => HtmlToMarkdown.ConvertAsync(html, s_base, budget.Token));
    }

    private static Task<string> ConvertAsync(string html) => HtmlToMarkdown.ConvertAsync(html, s_base, CancellationToken.None);
}
