using McpBridge.Mcp.Composite;

namespace McpBridge.Mcp.Tests.Composite;

public sealed class UriTemplateMatcherTests
{
    [Theory]
    [InlineData("test://template/{id}/data", "test://template/123/data", true)]
    [InlineData("test://template/{id}/data", "test://template/1/2/data", false)]
    [InlineData("test://template/{id}/data", "test://template//data", false)]
    [InlineData("file:///{+path}", "file:///home/user/notes.txt", true)]
    [InlineData("repo://{owner}/{repo}{?ref}", "repo://octo/cat?ref=main", true)]
    [InlineData("repo://{owner}/{repo}{?ref}", "repo://octo/cat", true)]
    [InlineData("db://tables/{name}", "db://tables/users.csv", true)]
    [InlineData("db://tables/{name}", "db://views/users", false)]
    [InlineData("a.b://{x}", "aXb://y", false)]
    public void IsMatch_FollowsRfc6570Expansions(string template, string uri, bool expected) =>
        Assert.Equal(expected, new UriTemplateMatcher(template).IsMatch(uri));

    [Theory]
    [InlineData("x://{.labels}")]
    [InlineData("x://{;params}")]
    public void IsMatch_AnswersAtOnce_ForAUriThatAlmostMatches(string template)
    {
        var matcher = new UriTemplateMatcher(template);
        var separator = template.Contains('.', StringComparison.Ordinal) ? "." : ";";
        var uri = "x://" + string.Concat(Enumerable.Repeat(separator, 40)) + "/";

        // An ambiguous pattern backtracks exponentially here and is cut off by the 100 ms match timeout each time.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.False(matcher.IsMatch(uri));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"20 matches took {watch.Elapsed}");
        Assert.True(matcher.IsMatch("x://" + separator + "a" + separator + "b"));
    }
}
