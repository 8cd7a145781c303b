using System.Net;
using System.Text.RegularExpressions;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Dashboard;

/// <summary>
/// What a browser does with the dashboard, over plain HTTP: keeps cookies (per host, as a browser does), follows
/// redirects only when asked (so tests can see each one), and submits the server-rendered forms the way the page's
/// HTML does: the form's <c>_handler</c> name, its fields and the page's antiforgery token.
/// </summary>
internal sealed partial class DashboardBrowser : IDisposable
{
    private readonly HttpClient _http;

    public DashboardBrowser(TestBridge bridge)
        : this(bridge.BaseUri)
    {
    }

    /// <summary>A browser for a bridge reached at <paramref name="baseUri"/> rather than where it says it listens.</summary>
    public DashboardBrowser(Uri baseUri)
    {
        BaseUri = baseUri;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = BaseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri BaseUri { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Headers sent with every request (e.g. <c>X-Forwarded-For</c>).</summary>
    public System.Net.Http.Headers.HttpRequestHeaders Headers => _http.DefaultRequestHeaders;

    /// <summary>One GET, redirects not followed.</summary>
    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    /// <summary>A GET that follows redirects (across hosts, as a browser does) and returns the last answer and its body.</summary>
    public async Task<Page> OpenAsync(string url)
    {
        var response = await _http.GetAsync(url);
        return await FollowAsync(response);
    }

    /// <summary>Follows the redirects <paramref name="response"/> starts, with GETs.</summary>
    public async Task<Page> FollowAsync(HttpResponseMessage response)
    {
        var visited = new List<Uri> { response.RequestMessage!.RequestUri! };
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect
               && response.Headers.Location is { } location)
        {
            Assert.True(visited.Count < 10, $"too many redirects: {string.Join(" -> ", visited)}");
            var next = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
            response.Dispose();
            visited.Add(next);
            response = await _http.GetAsync(next);
        }

        return new Page(response, await response.Content.ReadAsStringAsync(), visited);
    }

    /// <summary>
    /// Submits the form named <paramref name="formName"/> (its <c>@formname</c>) on the page at <paramref name="pageUrl"/>:
    /// opens the page for an antiforgery token, then posts the fields to <paramref name="postUrl"/> (the page itself by
    /// default, as a form without an action does). The answer's redirects are not followed.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string? formName, IEnumerable<KeyValuePair<string, string>>? fields = null, string? postUrl = null)
    {
        var page = await OpenAsync(pageUrl);
        Assert.True(page.Response.StatusCode == HttpStatusCode.OK, $"GET {pageUrl}: {(int)page.Response.StatusCode}");
        var token = page.AntiforgeryToken ?? throw new InvalidOperationException($"{pageUrl} has no form with an antiforgery token.");
        return await PostAsync(postUrl ?? page.Url.PathAndQuery, formName, [.. fields ?? [], new("__RequestVerificationToken", token)]);
    }

    /// <summary>A form post as it is, e.g. without the antiforgery token a page would have added.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, string? formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var all = fields.ToList();
        if (formName is not null)
        {
            all.Add(new("_handler", formName));
        }

        return _http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    /// <summary>The value of a cookie the bridge set, or null.</summary>
    public string? Cookie(string name) => Cookies.GetCookies(BaseUri)[name]?.Value;

    public void Dispose() => _http.Dispose();

    /// <summary>An answer after redirects: the response, its body and the URLs on the way.</summary>
    public sealed record Page(HttpResponseMessage Response, string Html, IReadOnlyList<Uri> Visited)
    {
        public Uri Url => Visited[^1];

        public HttpStatusCode Status => Response.StatusCode;

        public string? AntiforgeryToken => TokenInput().Match(Html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

        /// <summary>The text of the page as a user reads it: tags removed, entities decoded, white space folded.</summary>
        public string Text => Space().Replace(WebUtility.HtmlDecode(Tags().Replace(Html, " ")), " ");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
