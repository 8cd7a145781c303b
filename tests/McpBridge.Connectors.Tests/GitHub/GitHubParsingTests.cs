using McpBridge.Connectors.GitHub;

namespace McpBridge.Connectors.Tests.GitHub;

/// <summary>Reading GitHub's Link header and error bodies.</summary>
public sealed class GitHubParsingTests
{
    [Theory]
    [InlineData("""<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", <https://api.github.com/repositories/1300192/issues?page=5>; rel="last" """, 2, 5)]
    [InlineData("""<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first" """, null, null)]
    [InlineData("""<https://ghe.example.com/api/v3/orgs/o/repos?per_page=2&page=3&sort=updated>;rel="next" """, 3, null)]
    [InlineData("", null, null)]
    [InlineData("garbage", null, null)]
    public void Parse_ReadsTheNextAndLastPage_FromGitHubsLinkHeader(string header, int? next, int? last)
    {
        var pages = GitHubPages.Parse(header);

        Assert.Equal(next, pages.Next);
        Assert.Equal(last, pages.Last);
        Assert.Equal(next is not null, pages.HasNext);
    }

    [Theory]
    [InlineData("""{"message":"Validation Failed","errors":[{"resource":"Issue","field":"title","code":"missing_field"},{"resource":"Label","code":"custom","field":"name","message":"name is too long"}],"documentation_url":"https://docs.github.com/rest","status":"422"}""",
        "Validation Failed: title is required; name is too long")]
    [InlineData("""{"message":"Invalid request.\n\nFor 'properties/title', nil is not a string.","documentation_url":"https://docs.github.com/rest/issues/issues#create-an-issue","status":"422"}""",
        "Invalid request.\n\nFor 'properties/title', nil is not a string.")]
    [InlineData("""{"message":"Repository was archived so is read-only.","documentation_url":"https://docs.github.com/rest","status":"403"}""", "Repository was archived so is read-only.")]
    [InlineData("<html>502 Bad Gateway</html>", "<html>502 Bad Gateway</html>")]
    public void Describe_QuotesGitHubsMessage_AndEachError(string body, string expected) =>
        Assert.Equal(expected, GitHubError.Parse(body).Describe());
}
