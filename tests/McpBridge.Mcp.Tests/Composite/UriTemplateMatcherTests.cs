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
}
