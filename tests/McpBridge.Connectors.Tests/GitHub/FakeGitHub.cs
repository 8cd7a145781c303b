using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace McpBridge.Connectors.Tests.GitHub;

/// <summary>
/// A local HTTP server answering like GitHub's REST API (https://docs.github.com/rest, version 2022-11-28): bearer
/// token check with GitHub's 401 body, rate-limit headers on every answer, <c>Link</c> headers on paged lists,
/// error bodies <c>{"message", "documentation_url", "status"}</c> (with <c>errors</c> on 422), the contents API's
/// base64 files and its content-less answer for files over 1 MB, the diff media type, and both rate limits.
/// Served at <c>/</c> and at <c>/api/v3/</c>, as GitHub Enterprise Server serves it.
/// </summary>
internal sealed class FakeGitHub : IAsyncDisposable
{
    public const string Token = "ghp_FakeT0kenForTests1234567890abcdefXYZ";
    public const string InstallationToken = "ghs_FakeInstallationT0ken1234567890abcd";

    /// <summary>When the fake's rate limit resets: 2026-01-01 00:25:00 UTC, 25 minutes after the tests' fake clock starts, as x-ratelimit-reset (epoch seconds).</summary>
    public const long ResetEpoch = 1767227100;

    /// <summary>Files of octocat/hello-world on its default branch, by path.</summary>
    public static readonly IReadOnlyDictionary<string, byte[]> Files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["README.md"] = Encoding.UTF8.GetBytes("# Hello World\n\nA first repository.\n"),
        ["src/app.py"] = Encoding.UTF8.GetBytes("print('hello')\n"),
        ["logo.png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52],
        ["big.txt"] = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 3000).Select(i => $"line {i.ToString("D4", CultureInfo.InvariantCulture)} {new string('x', 40)}\n"))),

        // Over 1 MB: the contents API answers it without content, encoding "none".
        ["huge.log"] = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 60_000).Select(i => $"event {i.ToString("D6", CultureInfo.InvariantCulture)} {new string('y', 50)}\n"))),
    };

    private static readonly string s_smallDiff =
        "diff --git a/src/app.py b/src/app.py\nindex 1111111..2222222 100644\n--- a/src/app.py\n+++ b/src/app.py\n@@ -1 +1 @@\n-print('hello')\n+print('hello, world')\n";

    private static readonly string s_hugeDiff = "diff --git a/data.csv b/data.csv\n--- a/data.csv\n+++ b/data.csv\n@@ -0,0 +1,5000 @@\n" +
        string.Concat(Enumerable.Range(1, 5000).Select(i => $"+{i},{new string('z', 30)}\n"));

    private readonly TestWebServer _server;

    private FakeGitHub(TestWebServer server) => _server = server;

    public Uri BaseAddress => _server.BaseAddress;

    public string HostAndPort => _server.HostAndPort;

    /// <summary>Every request: method and request target as it came over the wire (path and query, still encoded).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The headers of every request, for the checks of what GitHub asks clients to send.</summary>
    public ConcurrentQueue<IHeaderDictionary> RequestHeaders { get; } = new();

    /// <summary>The JSON bodies of POSTs, with their path.</summary>
    public ConcurrentQueue<(string Path, JsonObject Body)> Posts { get; } = new();

    /// <summary>Which rate limit every request hits: none, the primary (hourly) one, or a secondary one.</summary>
    public FakeGitHubRateLimit RateLimit { get; set; }

    /// <summary>Completes when a request for octocat/slow arrives; that request is never answered.</summary>
    public TaskCompletionSource SlowRequestArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeGitHub> StartAsync()
    {
        FakeGitHub? fake = null;
        var server = await TestWebServer.StartAsync(app =>
        {
            app.UsePathBase("/api/v3");
            app.Use(async (context, next) => await fake!.GateAsync(context, next));
            MapRepositories(app);
            MapContents(app);
            MapIssues(app, () => fake!);
            MapPulls(app);
        });
        fake = new FakeGitHub(server);
        return fake;
    }

    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
        Requests.Enqueue($"{context.Request.Method} {target}");
        RequestHeaders.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
        var headers = context.Response.Headers;
        if (string.IsNullOrEmpty(context.Request.Headers.UserAgent))
        {
            // GitHub refuses requests without a User-Agent.
            await Error(context, 403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.", null);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization != $"Bearer {Token}" && authorization != $"Bearer {InstallationToken}")
        {
            await Error(context, 401, "Bad credentials", "https://docs.github.com/rest");
            return;
        }

        headers["x-ratelimit-limit"] = "5000";
        headers["x-ratelimit-used"] = RateLimit == FakeGitHubRateLimit.Primary ? "5000" : "1";
        headers["x-ratelimit-remaining"] = RateLimit == FakeGitHubRateLimit.Primary ? "0" : "4999";
        headers["x-ratelimit-reset"] = ResetEpoch.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = context.Request.Path.StartsWithSegments("/search") ? "code_search" : "core";
        switch (RateLimit)
        {
            case FakeGitHubRateLimit.Primary:
                await Error(context, 403, "API rate limit exceeded for user ID 583231. If you reach out to GitHub Support for help, please include the request ID 1234:5678.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
                return;
            case FakeGitHubRateLimit.Secondary:
                headers["retry-after"] = "60";
                await Error(context, 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits");
                return;
            case FakeGitHubRateLimit.TooManyRequests:
                headers["retry-after"] = "30";
                await Error(context, 429, "Too many requests", null);
                return;
        }

        await next(context);
    }

    private static void MapRepositories(WebApplication app)
    {
        app.MapGet("/user/repos", (HttpContext context) => Paged(context, [Repo("octocat/hello-world", false, "C#"), Repo("octocat/secret-plans", true, null)]));
        app.MapGet("/orgs/{org}/repos", (string org, HttpContext context) => org == "octo-org"
            ? Paged(context, [.. Enumerable.Range(1, 5).Select(i => Repo($"octo-org/project-{i}", i % 2 == 0, "Go"))])
            : NotFound("https://docs.github.com/rest/repos/repos#list-organization-repositories"));
        app.MapGet("/users/{user}/repos", (string user, HttpContext context) => user == "octocat"
            ? Paged(context, [Repo("octocat/hello-world", false, "C#")])
            : NotFound("https://docs.github.com/rest/repos/repos#list-repositories-for-a-user"));
        app.MapGet("/installation/repositories", (HttpContext context) => context.Request.Headers.Authorization == $"Bearer {InstallationToken}"
            ? Results.Json(new JsonObject { ["total_count"] = 1, ["repository_selection"] = "selected", ["repositories"] = new JsonArray(Repo("octo-org/project-1", true, "Go")) })
            : Error(403, "A JSON web token could not be decoded", "https://docs.github.com/rest"));
        app.MapGet("/search/code", (HttpContext context) =>
        {
            var q = context.Request.Query["q"].ToString();
            if (q.Length == 0)
            {
                return Results.Json(
                    new JsonObject
                    {
                        ["message"] = "Validation Failed",
                        ["errors"] = new JsonArray(new JsonObject { ["resource"] = "Search", ["field"] = "q", ["code"] = "missing" }),
                        ["documentation_url"] = "https://docs.github.com/v3/search",
                        ["status"] = "422",
                    },
                    statusCode: 422);
            }

            var textMatch = context.Request.Headers.Accept.ToString().Contains("text-match", StringComparison.Ordinal);
            var items = new JsonArray(SearchItem("octocat/hello-world", "src/app.py", "print('hello')", textMatch), SearchItem("octo-org/project-2", "main.go", "fmt.Println(\"hello\")", textMatch));
            var page = PageOf(context);
            context.Response.Headers["Link"] = page == 1
                ? $"<{Self(context, 2)}>; rel=\"next\", <{Self(context, 21)}>; rel=\"last\""
                : $"<{Self(context, 1)}>; rel=\"prev\", <{Self(context, 1)}>; rel=\"first\"";
            return Results.Json(new JsonObject { ["total_count"] = 42, ["incomplete_results"] = false, ["items"] = items });
        });
    }

    private static void MapContents(WebApplication app)
    {
        app.MapGet("/repos/{owner}/{repo}/contents/{**path}", (string owner, string repo, string? path, HttpContext context) =>
        {
            if ($"{owner}/{repo}" != "octocat/hello-world")
            {
                return NotFound("https://docs.github.com/rest/repos/contents#get-repository-content");
            }

            var reference = context.Request.Query["ref"].ToString();
            if (reference is not ("" or "main" or "v1.0"))
            {
                return Error(404, $"No commit found for the ref {reference}", "https://docs.github.com/rest/repos/contents#get-repository-content");
            }

            var p = path ?? string.Empty;
            if (p.Length == 0 || p == "src")
            {
                var prefix = p.Length == 0 ? string.Empty : p + "/";
                var entries = Files.Keys
                    .Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && !f[prefix.Length..].Contains('/', StringComparison.Ordinal))
                    .Select(f => (JsonNode)Entry(f, "file", Files[f].Length))
                    .ToList();
                if (p.Length == 0)
                {
                    entries.Add(Entry("src", "dir", 0));
                    entries.Add(Entry("docs-link", "symlink", 9));
                }

                return Results.Json(new JsonArray([.. entries]));
            }

            if (p == "docs-link")
            {
                var link = Entry("docs-link", "symlink", 9);
                link["target"] = "docs/index.md";
                return Results.Json(link);
            }

            if (!Files.TryGetValue(p, out var bytes))
            {
                return NotFound("https://docs.github.com/rest/repos/contents#get-repository-content");
            }

            if (reference == "v1.0" && p == "README.md")
            {
                bytes = Encoding.UTF8.GetBytes("# Hello World v1.0\n");
            }

            if (context.Request.Headers.Accept.ToString().StartsWith("application/vnd.github.raw", StringComparison.Ordinal))
            {
                return Results.Bytes(bytes, "application/vnd.github.raw");
            }

            var file = Entry(p, "file", bytes.Length);
            var large = bytes.Length > 1024 * 1024;
            file["encoding"] = large ? "none" : "base64";

            // GitHub wraps the base64 at 60 characters, with a trailing newline.
            file["content"] = large ? string.Empty : string.Concat(Convert.ToBase64String(bytes).Chunk(60).Select(c => new string(c) + "\n"));
            return Results.Json(file);
        });
    }

    private static void MapIssues(WebApplication app, Func<FakeGitHub> fake)
    {
        app.MapGet("/repos/octocat/slow/issues", async (HttpContext context) =>
        {
            fake().SlowRequestArrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/repos/{owner}/{repo}/issues", (string owner, string repo, HttpContext context) =>
        {
            if (repo == "leaky")
            {
                // A misbehaving proxy in front of GitHub Enterprise that echoes the request headers in its error page.
                return Results.Text($"upstream error; request had Authorization: {context.Request.Headers.Authorization}", "text/plain", statusCode: 502);
            }

            if ($"{owner}/{repo}" != "octocat/hello-world")
            {
                return NotFound("https://docs.github.com/rest/issues/issues#list-repository-issues");
            }

            var state = context.Request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
            var labels = context.Request.Query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var issues = Issues()
                .Where(i => state == "all" || i["state"]!.GetValue<string>() == state)
                .Where(i => labels.All(l => i["labels"]!.AsArray().Any(x => x!["name"]!.GetValue<string>() == l)))
                .ToArray();
            return Paged(context, issues);
        });
        app.MapGet("/repos/{owner}/{repo}/issues/{number:int}", (string owner, string repo, int number) =>
            Issues().FirstOrDefault(i => $"{owner}/{repo}" == "octocat/hello-world" && i["number"]!.GetValue<int>() == number) is { } issue
                ? Results.Json(issue)
                : NotFound("https://docs.github.com/rest/issues/issues#get-an-issue"));
        app.MapGet("/repos/{owner}/{repo}/issues/{number:int}/comments", (int number, HttpContext context) =>
            Paged(context, [.. Enumerable.Range(1, number == 1 ? 3 : 0).Select(i => new JsonObject
            {
                ["id"] = 1000 + i,
                ["user"] = User(i == 2 ? "hubot" : "octocat"),
                ["body"] = $"Comment {i}: {(i == 3 ? new string('c', 5000) : "looks good")}",
                ["created_at"] = $"2024-05-0{i}T10:00:00Z",
                ["html_url"] = $"https://github.com/octocat/hello-world/issues/{number}#issuecomment-{1000 + i}",
            })]));
        app.MapPost("/repos/{owner}/{repo}/issues", async (string owner, string repo, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
            fake().Posts.Enqueue(($"/repos/{owner}/{repo}/issues", body));
            if (body["assignees"] is JsonArray assignees && assignees.Any(a => a!.GetValue<string>() == "ghost"))
            {
                return Results.Json(
                    new JsonObject
                    {
                        ["message"] = "Validation Failed",
                        ["errors"] = new JsonArray(new JsonObject { ["value"] = "ghost", ["resource"] = "Issue", ["field"] = "assignees", ["code"] = "invalid" }),
                        ["documentation_url"] = "https://docs.github.com/rest/issues/issues#create-an-issue",
                        ["status"] = "422",
                    },
                    statusCode: 422);
            }

            return Results.Json(new JsonObject { ["number"] = 5, ["title"] = body["title"]!.GetValue<string>(), ["html_url"] = $"https://github.com/{owner}/{repo}/issues/5" }, statusCode: 201);
        });
        app.MapPost("/repos/{owner}/{repo}/issues/{number:int}/comments", async (string owner, string repo, int number, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
            fake().Posts.Enqueue(($"/repos/{owner}/{repo}/issues/{number}/comments", body));
            return number > 4
                ? NotFound("https://docs.github.com/rest/issues/comments#create-an-issue-comment")
                : Results.Json(new JsonObject { ["id"] = 2001, ["html_url"] = $"https://github.com/{owner}/{repo}/issues/{number}#issuecomment-2001" }, statusCode: 201);
        });
    }

    private static void MapPulls(WebApplication app)
    {
        app.MapGet("/repos/{owner}/{repo}/pulls", (HttpContext context) =>
        {
            var state = context.Request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
            var pulls = new[] { Pull(3, "open", merged: false, draft: true), Pull(8, "closed", merged: true, draft: false) }
                .Where(p => state == "all" || p["state"]!.GetValue<string>() == state)
                .ToArray();
            return Paged(context, pulls);
        });
        app.MapGet("/repos/{owner}/{repo}/pulls/{number:int}", (int number, HttpContext context) =>
        {
            if (number is not (3 or 8))
            {
                return NotFound("https://docs.github.com/rest/pulls/pulls#get-a-pull-request");
            }

            if (context.Request.Headers.Accept.ToString() == "application/vnd.github.diff")
            {
                return Results.Text(number == 3 ? s_smallDiff : s_hugeDiff, "application/vnd.github.diff; charset=utf-8");
            }

            return Results.Json(Pull(number, number == 3 ? "open" : "closed", merged: number == 8, draft: number == 3));
        });
        app.MapGet("/repos/{owner}/{repo}/pulls/{number:int}/files", () => Results.Json(new JsonArray(
            new JsonObject { ["filename"] = "data.csv", ["status"] = "added", ["additions"] = 5000, ["deletions"] = 0 },
            new JsonObject { ["filename"] = "src/load.py", ["previous_filename"] = "src/old_load.py", ["status"] = "renamed", ["additions"] = 3, ["deletions"] = 1 })));
    }

    /// <summary>A list answered a page at a time from <c>page</c> and <c>per_page</c> (default 30), with GitHub's Link header.</summary>
    private static IResult Paged(HttpContext context, JsonNode[] all)
    {
        var perPage = int.TryParse(context.Request.Query["per_page"], CultureInfo.InvariantCulture, out var pp) ? Math.Clamp(pp, 1, 100) : 30;
        var page = PageOf(context);
        var last = Math.Max(1, (all.Length + perPage - 1) / perPage);
        var links = new List<string>();
        if (page < last)
        {
            links.Add($"<{Self(context, page + 1)}>; rel=\"next\"");
            links.Add($"<{Self(context, last)}>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{Self(context, 1)}>; rel=\"first\"");
            links.Add($"<{Self(context, page - 1)}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            context.Response.Headers["Link"] = string.Join(", ", links);
        }

        return Results.Json(new JsonArray([.. all.Skip((page - 1) * perPage).Take(perPage).Select(n => n.DeepClone())]));
    }

    private static int PageOf(HttpContext context) =>
        int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;

    /// <summary>This request's URL with another page, as GitHub writes its links (absolute, other parameters kept).</summary>
    private static string Self(HttpContext context, int page)
    {
        var query = context.Request.Query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={page}");
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}?{string.Join('&', query)}";
    }

    private static JsonObject Repo(string fullName, bool isPrivate, string? language) => new()
    {
        ["id"] = fullName.Length,
        ["name"] = fullName.Split('/')[1],
        ["full_name"] = fullName,
        ["private"] = isPrivate,
        ["owner"] = User(fullName.Split('/')[0]),
        ["description"] = isPrivate ? null : $"The {fullName.Split('/')[1]} project | with a pipe\nand a newline",
        ["fork"] = false,
        ["archived"] = fullName.EndsWith("-5", StringComparison.Ordinal),
        ["language"] = language,
        ["stargazers_count"] = 42,
        ["default_branch"] = "main",
        ["updated_at"] = "2024-05-20T08:00:00Z",
        ["html_url"] = $"https://github.com/{fullName}",
        ["permissions"] = new JsonObject { ["admin"] = true, ["push"] = true, ["pull"] = true },
    };

    private static JsonObject User(string login) => new()
    {
        ["login"] = login,
        ["id"] = login.Length,
        ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{login.Length}?v=4",
        ["type"] = "User",
        ["site_admin"] = false,
    };

    private static JsonObject Entry(string path, string type, int size) => new()
    {
        ["type"] = type,
        ["size"] = size,
        ["name"] = path.Split('/')[^1],
        ["path"] = path,
        ["sha"] = "3d21ec53a331a6f037a91c368710b99387d012c1",
        ["url"] = $"https://api.github.com/repos/octocat/hello-world/contents/{path}?ref=main",
        ["html_url"] = $"https://github.com/octocat/hello-world/blob/main/{path}",
    };

    private static JsonObject SearchItem(string repo, string path, string fragment, bool textMatch)
    {
        var item = new JsonObject
        {
            ["name"] = path.Split('/')[^1],
            ["path"] = path,
            ["sha"] = "d7c2d5b7b7c3b0a1c1c1f1e1d1c1b1a191817161",
            ["repository"] = new JsonObject { ["full_name"] = repo, ["private"] = false },
            ["score"] = 1.0,
        };
        if (textMatch)
        {
            item["text_matches"] = new JsonArray(new JsonObject { ["object_type"] = "FileContent", ["property"] = "content", ["fragment"] = $"# top\n{fragment}\n" });
        }

        return item;
    }

    private static JsonNode[] Issues() =>
    [
        Issue(1, "Crash on start | when offline", "open", ["bug"], "The app crashes.\n\nSteps: start it without network.", comments: 3),
        Issue(2, "Old request", "closed", ["enhancement"], null, comments: 0),
        Issue(3, "Add greeting", "open", [], "Says hello to the world.", comments: 0, pullRequest: true),
        Issue(4, "Button misaligned", "open", ["bug", "ui"], new string('b', 12_000), comments: 0),
    ];

    private static JsonObject Issue(int number, string title, string state, string[] labels, string? body, int comments, bool pullRequest = false)
    {
        var issue = new JsonObject
        {
            ["number"] = number,
            ["title"] = title,
            ["state"] = state,
            ["state_reason"] = state == "closed" ? "completed" : null,
            ["user"] = User("octocat"),
            ["labels"] = new JsonArray([.. labels.Select(l => new JsonObject { ["name"] = l, ["color"] = "d73a4a" })]),
            ["assignees"] = new JsonArray(User("hubot")),
            ["milestone"] = null,
            ["comments"] = comments,
            ["created_at"] = "2024-05-01T09:00:00Z",
            ["updated_at"] = $"2024-05-{10 + number}T09:00:00Z",
            ["closed_at"] = state == "closed" ? "2024-05-12T09:00:00Z" : null,
            ["body"] = body,
            ["html_url"] = $"https://github.com/octocat/hello-world/issues/{number}",
            ["reactions"] = new JsonObject { ["total_count"] = 0 },
        };
        if (pullRequest)
        {
            issue["pull_request"] = new JsonObject { ["url"] = $"https://api.github.com/repos/octocat/hello-world/pulls/{number}" };
        }

        return issue;
    }

    private static JsonObject Pull(int number, string state, bool merged, bool draft) => new()
    {
        ["number"] = number,
        ["title"] = number == 3 ? "Add greeting" : "Load data from CSV",
        ["state"] = state,
        ["draft"] = draft,
        ["user"] = User("octocat"),
        ["body"] = number == 3 ? "Greets the world.\n\nCloses #1." : null,
        ["head"] = new JsonObject { ["label"] = $"octocat:feature-{number}", ["ref"] = $"feature-{number}", ["sha"] = $"abc{number}def" },
        ["base"] = new JsonObject { ["label"] = "octocat:main", ["ref"] = "main", ["sha"] = "0000aaa" },
        ["merged"] = merged,
        ["merged_at"] = merged ? "2024-05-15T12:00:00Z" : null,
        ["mergeable"] = merged ? null : true,
        ["comments"] = 1,
        ["review_comments"] = 2,
        ["commits"] = 2,
        ["additions"] = number == 3 ? 1 : 5003,
        ["deletions"] = 1,
        ["changed_files"] = number == 3 ? 1 : 2,
        ["labels"] = new JsonArray(),
        ["requested_reviewers"] = new JsonArray(User("hubot")),
        ["created_at"] = "2024-05-13T09:00:00Z",
        ["updated_at"] = "2024-05-14T09:00:00Z",
        ["html_url"] = $"https://github.com/octocat/hello-world/pull/{number}",
    };

    private static IResult NotFound(string documentation) => Error(404, "Not Found", documentation);

    private static IResult Error(int status, string message, string? documentation) =>
        Results.Json(ErrorBody(status, message, documentation), statusCode: status);

    private static Task Error(HttpContext context, int status, string message, string? documentation)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(ErrorBody(status, message, documentation), context.RequestAborted);
    }

    private static JsonObject ErrorBody(int status, string message, string? documentation)
    {
        var body = new JsonObject { ["message"] = message };
        if (documentation is not null)
        {
            body["documentation_url"] = documentation;
        }

        body["status"] = status.ToString(CultureInfo.InvariantCulture);
        return body;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
