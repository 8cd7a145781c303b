using System.Globalization;
using System.Text.RegularExpressions;

namespace McpBridge.Connectors.GitHub;

/// <summary>
/// Where a paginated answer goes on, read from GitHub's <c>Link</c> header
/// (<c>&lt;https://api.github.com/...&amp;page=2&gt;; rel="next", &lt;...&amp;page=5&gt;; rel="last"</c>).
/// </summary>
/// <param name="Next">The next page's number; <see langword="null"/> on the last page.</param>
/// <param name="Last">The last page's number, when GitHub says (it does not for search beyond 1000 results, nor on the last page).</param>
internal sealed partial record GitHubPages(int? Next, int? Last)
{
    public static GitHubPages None { get; } = new(null, null);

    public bool HasNext => Next is not null;

    public static GitHubPages Parse(string? linkHeader)
    {
        if (string.IsNullOrEmpty(linkHeader))
        {
            return None;
        }

        int? next = null;
        int? last = null;
        foreach (Match link in LinkPattern().Matches(linkHeader))
        {
            var page = PageNumber(link.Groups["url"].Value);
            switch (link.Groups["rel"].Value)
            {
                case "next":
                    next = page;
                    break;
                case "last":
                    last = page;
                    break;
            }
        }

        return new GitHubPages(next, last);
    }

    /// <summary>The <c>page</c> query parameter of a link; GitHub's links always carry one.</summary>
    private static int? PageNumber(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == "page" && int.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            {
                return page;
            }
        }

        return null;
    }

    [GeneratedRegex("<(?<url>[^>]*)>\\s*;\\s*rel=\"(?<rel>[a-z]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
