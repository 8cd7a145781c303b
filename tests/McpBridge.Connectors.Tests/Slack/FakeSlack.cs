using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Connectors.Tests.Slack;

/// <summary>
/// A local HTTP server answering like the Slack Web API (https://docs.slack.dev/apis/web-api): POST /api/{method} with
/// a bearer token, form or JSON arguments, HTTP 200 envelopes <c>{"ok": true, ...}</c> / <c>{"ok": false, "error": ...}</c>
/// (<c>missing_scope</c> with <c>needed</c> and <c>provided</c>), cursor pagination through
/// <c>response_metadata.next_cursor</c> (pages shorter than <c>limit</c>, as Slack's are), and HTTP 429 with
/// <c>Retry-After</c>. Each token has the scopes a real one would; some channels answer with Slack's errors.
/// </summary>
internal sealed class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-1111111111-2222222222-FakeBotTokenAbcdef0123";
    public const string LimitedBotToken = "xoxb-1111111111-2222222222-LimitedScopes99";
    public const string UserToken = "xoxp-1111111111-3333333333-4444444444-FakeUserToken01";
    public const string UserTokenWithoutSearch = "xoxp-1111111111-3333333333-4444444444-NoSearchScope1";
    public const string RevokedToken = "xoxb-1111111111-2222222222-RevokedToken0001";

    /// <summary>conversations.list returns at most this many channels per page, whatever the limit (Slack may return fewer).</summary>
    public const int ChannelPageSize = 2;

    public const string ThreadTs = "1717236000.000100";

    private static readonly string[] s_botScopes = ["channels:read", "groups:read", "im:read", "mpim:read", "channels:history", "groups:history", "chat:write", "users:read"];

    private static readonly Dictionary<string, string[]> s_scopes = new(StringComparer.Ordinal)
    {
        [BotToken] = s_botScopes,
        [LimitedBotToken] = ["channels:history", "chat:write"],
        [UserToken] = [.. s_botScopes, "search:read"],
        [UserTokenWithoutSearch] = s_botScopes,
    };

    private readonly TestWebServer _server;
    private int _posted;

    private FakeSlack(TestWebServer server) => _server = server;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The apiBaseUrl setting for this server.</summary>
    public string ApiBaseUrl => new Uri(_server.BaseAddress, "api").ToString();

    public string HostAndPort => _server.HostAndPort;

    public ConcurrentQueue<FakeSlackRequest> Requests { get; } = new();

    /// <summary>When set, conversations.list answers every page after the first with HTTP 429 (Retry-After: 30).</summary>
    public bool RateLimitLaterChannelPages { get; set; }

    /// <summary>Completes when a request for the hanging channel C0SLOWPAGE arrives.</summary>
    public TaskCompletionSource SlowRequestArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the client gives up on that request (the connection is aborted).</summary>
    public TaskCompletionSource SlowRequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IEnumerable<FakeSlackRequest> Calls(string method) => Requests.Where(r => r.Method == method);

    public static async Task<FakeSlack> StartAsync()
    {
        FakeSlack? fake = null;
        var server = await TestWebServer.StartAsync(app =>
        {
            app.MapPost("/api/{method}", (string method, HttpContext context) => fake!.HandleAsync(method, context));
            // Anything else is not the Web API: what a wrong apiBaseUrl meets.
            app.MapFallback(() => Results.Content("<html><body><h1>Not Found</h1></body></html>", "text/html", statusCode: 404));
        });
        fake = new FakeSlack(server);
        return fake;
    }

    private async Task<IResult> HandleAsync(string method, HttpContext context)
    {
        var arguments = await ReadArgumentsAsync(context.Request);
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new FakeSlackRequest(method, context.Request.ContentType?.Split(';')[0] ?? string.Empty, authorization, arguments));

        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : null;
        if (token is null)
        {
            return Error("not_authed");
        }

        if (token == RevokedToken)
        {
            return Error("token_revoked");
        }

        if (!s_scopes.TryGetValue(token, out var scopes))
        {
            return Error("invalid_auth");
        }

        string? Missing(string scope) => scopes.Contains(scope) ? null : scope;
        var channel = arguments.GetValueOrDefault("channel");
        return method switch
        {
            "conversations.list" when RateLimitLaterChannelPages && arguments.ContainsKey("cursor") => RateLimited(context),
            "conversations.list" => Missing("channels:read") is { } needed ? MissingScope(needed, scopes) : ListChannels(arguments),
            "conversations.history" when channel == "C0RATELIMIT" => RateLimited(context),
            "conversations.history" when channel == "C0SLOWPAGE" => await HangAsync(context),
            "conversations.history" => Missing("channels:history") is { } needed ? MissingScope(needed, scopes) : History(channel, arguments),
            "conversations.replies" => Missing("channels:history") is { } needed ? MissingScope(needed, scopes) : Replies(channel, arguments),
            "users.info" => Missing("users:read") is { } needed ? MissingScope(needed, scopes) : UserInfo(arguments.GetValueOrDefault("user")),
            "chat.postMessage" => Missing("chat:write") is { } needed ? MissingScope(needed, scopes) : PostMessage(channel, arguments),
            "search.messages" when token.StartsWith("xoxb-", StringComparison.Ordinal) => Error("not_allowed_token_type"),
            "search.messages" => Missing("search:read") is { } needed ? MissingScope(needed, scopes) : Search(arguments),
            _ => Json(new JsonObject { ["ok"] = false, ["error"] = "unknown_method" }, StatusCodes.Status404NotFound),
        };
    }

    private static IResult ListChannels(IReadOnlyDictionary<string, string> arguments)
    {
        var types = arguments.GetValueOrDefault("types", "public_channel").Split(',');
        var excludeArchived = arguments.GetValueOrDefault("exclude_archived") == "true";
        var matching = Channels()
            .Where(c => types.Contains(TypeOf(c)))
            .Where(c => !excludeArchived || c["is_archived"]?.GetValue<bool>() != true)
            .ToArray();
        var offset = 0;
        if (arguments.TryGetValue("cursor", out var cursor) && !TryReadCursor(cursor, out offset))
        {
            return Error("invalid_cursor");
        }

        var limit = int.Parse(arguments.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        var page = matching.Skip(offset).Take(Math.Min(limit, ChannelPageSize)).ToArray();
        var next = offset + page.Length < matching.Length ? Cursor(offset + page.Length) : string.Empty;
        return Json(new JsonObject
        {
            ["ok"] = true,
            ["channels"] = new JsonArray([.. page]),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        });
    }

    private static IResult History(string? channel, IReadOnlyDictionary<string, string> arguments)
    {
        JsonObject[] messages;
        switch (channel)
        {
            case "C0GENERAL":
                messages = GeneralHistory();
                break;
            case "C0OPSTEAM":
                messages = [];
                break;
            case "C0RANDOM":
                return Error("not_in_channel");
            case "C0LONGPAGE":
                // 150 messages of 3,000 characters each: far more than one answer should carry.
                messages = Enumerable.Range(0, 150)
                    .Select(i => Message((1717300000 - i).ToString(CultureInfo.InvariantCulture) + ".000100", "U0ALICE", $"message {149 - i} " + new string('x', 3000)))
                    .ToArray();
                break;
            case "C0CROWDED":
                // 60 different people, one message each.
                messages = Enumerable.Range(0, 60)
                    .Select(i => Message((1717300000 - i).ToString(CultureInfo.InvariantCulture) + ".000100", $"U0PERSON{i:00}", "hi"))
                    .ToArray();
                break;
            case "C0HUGEPAGE":
                // An answer far larger than any page of history (9 MiB).
                return Json(new JsonObject { ["ok"] = true, ["messages"] = new JsonArray(Message("1717236000.000100", "U0ALICE", new string('y', 9 * 1024 * 1024))) });
            case "C0LEAKING":
                // Someone pasted the token into the channel.
                messages = [Message("1717236000.000100", "U0ALICE", $"oops, our token is {BotToken}")];
                break;
            default:
                return Error("channel_not_found");
        }

        // Newest first, older than "latest" (exclusive), at most "limit", with has_more when older ones remain.
        var latest = arguments.TryGetValue("latest", out var l) ? decimal.Parse(l, CultureInfo.InvariantCulture) : decimal.MaxValue;
        var limit = int.Parse(arguments.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        var older = messages.Where(m => decimal.Parse(m["ts"]!.GetValue<string>(), CultureInfo.InvariantCulture) < latest).ToArray();
        return Json(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray([.. older.Take(limit)]),
            ["has_more"] = older.Length > limit,
            ["pin_count"] = 0,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = older.Length > limit ? Cursor(limit) : string.Empty },
        });
    }

    private static IResult Replies(string? channel, IReadOnlyDictionary<string, string> arguments)
    {
        if (channel != "C0GENERAL")
        {
            return Error(channel == "C0RANDOM" ? "not_in_channel" : "channel_not_found");
        }

        if (arguments.GetValueOrDefault("ts") != ThreadTs)
        {
            return Error("thread_not_found");
        }

        var parent = GeneralHistory().Single(m => m["ts"]!.GetValue<string>() == ThreadTs);
        JsonObject[] replies =
        [
            Reply("1717236400.000500", "U0BOB", "I can, <@U0ALICE>"),
            Reply("1717236500.000600", "U0ALICE", "Thanks!"),
            Reply("1717236600.000700", "U0BOB", "Done: <https://example.com/notes|notes> look good"),
        ];

        // Oldest first; the thread's start always comes first, even when reading on from "oldest".
        var oldest = arguments.TryGetValue("oldest", out var o) ? decimal.Parse(o, CultureInfo.InvariantCulture) : 0m;
        var limit = int.Parse(arguments.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        var newer = replies.Where(m => decimal.Parse(m["ts"]!.GetValue<string>(), CultureInfo.InvariantCulture) > oldest).ToArray();
        var page = new[] { parent }.Concat(newer).Take(limit).ToArray();
        return Json(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray([.. page]),
            ["has_more"] = newer.Length + 1 > limit,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = newer.Length + 1 > limit ? Cursor(limit) : string.Empty },
        });
    }

    private static IResult UserInfo(string? user) =>
        user switch
        {
            "U0ALICE" => Json(new JsonObject
            {
                ["ok"] = true,
                ["user"] = new JsonObject
                {
                    ["id"] = "U0ALICE",
                    ["name"] = "alice.l",
                    ["real_name"] = "Alice Liddell",
                    ["tz"] = "Europe/London",
                    ["profile"] = new JsonObject { ["display_name"] = "alice", ["real_name"] = "Alice Liddell", ["email"] = "alice@example.com", ["image_72"] = "https://example.com/a.png" },
                },
            }),
            "U0BOB" => Json(new JsonObject
            {
                ["ok"] = true,
                ["user"] = new JsonObject
                {
                    ["id"] = "U0BOB",
                    ["name"] = "bob",
                    ["real_name"] = "Bob Builder",
                    ["profile"] = new JsonObject { ["display_name"] = string.Empty, ["real_name"] = "Bob Builder" },
                },
            }),
            _ when user?.StartsWith("U0PERSON", StringComparison.Ordinal) == true => Json(new JsonObject
            {
                ["ok"] = true,
                ["user"] = new JsonObject { ["id"] = user, ["name"] = user.ToLowerInvariant(), ["profile"] = new JsonObject { ["display_name"] = $"person {user[8..]}" } },
            }),
            _ => Error("user_not_found"),
        };

    private IResult PostMessage(string? channel, IReadOnlyDictionary<string, string> arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments.GetValueOrDefault("text")))
        {
            return Error("no_text");
        }

        switch (channel)
        {
            case "C0GENERAL" or "C0OPSTEAM":
                var ts = $"1717240000.{Interlocked.Increment(ref _posted) * 100:000000}";
                return Json(new JsonObject
                {
                    ["ok"] = true,
                    ["channel"] = channel,
                    ["ts"] = ts,
                    ["message"] = new JsonObject { ["type"] = "message", ["text"] = arguments["text"], ["user"] = "U0BOT", ["ts"] = ts, ["bot_id"] = "B0APP" },
                });
            case "C0RANDOM":
                return Error("not_in_channel");
            case "C0ARCHIVE":
                return Error("is_archived");
            default:
                return Error("channel_not_found");
        }
    }

    private static IResult Search(IReadOnlyDictionary<string, string> arguments)
    {
        var query = arguments.GetValueOrDefault("query", string.Empty);
        var count = int.Parse(arguments.GetValueOrDefault("count", "20"), CultureInfo.InvariantCulture);
        var page = int.Parse(arguments.GetValueOrDefault("page", "1"), CultureInfo.InvariantCulture);
        JsonObject[] all = query.Contains("release", StringComparison.OrdinalIgnoreCase)
            ?
            [
                Match("C0GENERAL", "general", "U0ALICE", "alice", ThreadTs, "Who can review the release notes?"),
                Match("C0OPSTEAM", "ops", "U0BOB", "bob", "1717230000.000100", "release 1.2 is out, thanks <@U0ALICE>"),
                Match("C0OPSTEAM", "ops", "U0BOB", "bob", "1717220000.000100", "preparing the release"),
            ]
            : [];
        var pages = Math.Max(1, (all.Length + count - 1) / count);
        return Json(new JsonObject
        {
            ["ok"] = true,
            ["query"] = query,
            ["messages"] = new JsonObject
            {
                ["total"] = all.Length,
                ["matches"] = new JsonArray([.. all.Skip((page - 1) * count).Take(count)]),
                ["pagination"] = new JsonObject { ["total_count"] = all.Length, ["page"] = page, ["per_page"] = count, ["page_count"] = pages },
                ["paging"] = new JsonObject { ["count"] = count, ["total"] = all.Length, ["page"] = page, ["pages"] = pages },
            },
        });
    }

    private static IResult RateLimited(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "30";
        return Json(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, StatusCodes.Status429TooManyRequests);
    }

    private async Task<IResult> HangAsync(HttpContext context)
    {
        SlowRequestArrived.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            SlowRequestAborted.TrySetResult();
        }

        return Results.Empty;
    }

    private static JsonObject[] GeneralHistory() =>
    [
        Message("1717236300.000400", "U0BOB", "Thanks <@U0ALICE>! See <https://example.com/report|the report> &amp; <#C0OPSTEAM|ops>, &lt;not a tag&gt;"),
        new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "bot_message",
            ["bot_id"] = "B0DEPLOY",
            ["username"] = "deploybot",
            ["text"] = string.Empty,
            ["ts"] = "1717236200.000300",
            ["attachments"] = new JsonArray(new JsonObject { ["id"] = 1, ["fallback"] = "Deploy 42 finished", ["color"] = "36a64f" }),
        },
        new JsonObject
        {
            ["type"] = "message",
            ["user"] = "U0ALICE",
            ["text"] = "Two lines:\nsecond line",
            ["ts"] = "1717236100.000200",
            ["edited"] = new JsonObject { ["user"] = "U0ALICE", ["ts"] = "1717236150.000000" },
            ["files"] = new JsonArray(new JsonObject { ["id"] = "F0001", ["name"] = "notes.pdf", ["url_private"] = "https://files.slack.com/notes.pdf" }),
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "rich_text", ["block_id"] = "b1" }),
        },
        new JsonObject
        {
            ["type"] = "message",
            ["user"] = "U0ALICE",
            ["text"] = "Who can review the release notes?",
            ["ts"] = ThreadTs,
            ["thread_ts"] = ThreadTs,
            ["reply_count"] = 3,
            ["reply_users"] = new JsonArray("U0BOB", "U0ALICE"),
            ["latest_reply"] = "1717236600.000700",
            ["reactions"] = new JsonArray(new JsonObject { ["name"] = "eyes", ["count"] = 1, ["users"] = new JsonArray("U0BOB") }),
        },
        Message("1717235900.000050", "U0GONE", "Hello from someone who left"),
        new JsonObject { ["type"] = "message", ["subtype"] = "channel_join", ["user"] = "U0BOB", ["text"] = "<@U0BOB> has joined the channel", ["ts"] = "1717235800.000010" },
    ];

    private static JsonObject[] Channels() =>
    [
        Channel("C0GENERAL", "general", isMember: true, members: 42, topic: "Company-wide announcements"),
        Channel("C0RANDOM", "random", isMember: false, members: 40, purpose: "Off-topic chatter"),
        Channel("C0ARCHIVE", "old-project", isMember: true, members: 3, archived: true),
        Channel("G0SECRET", "secret-plans", isMember: true, members: 3, isPrivate: true),
        Channel("C0OPSTEAM", "ops", isMember: true, members: 12, topic: "Deploys &amp; incidents, ask <@U0BOB>"),
        new JsonObject { ["id"] = "D0ALICEDM", ["is_im"] = true, ["user"] = "U0ALICE", ["created"] = 1700000000, ["is_user_deleted"] = false },
    ];

    private static JsonObject Channel(string id, string name, bool isMember, int members, string topic = "", string purpose = "", bool archived = false, bool isPrivate = false) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["name_normalized"] = name,
        ["is_channel"] = !isPrivate,
        ["is_group"] = isPrivate,
        ["is_im"] = false,
        ["is_mpim"] = false,
        ["is_private"] = isPrivate,
        ["is_archived"] = archived,
        ["is_member"] = isMember,
        ["num_members"] = members,
        ["created"] = 1600000000,
        ["creator"] = "U0ALICE",
        ["topic"] = new JsonObject { ["value"] = topic, ["creator"] = "U0ALICE", ["last_set"] = 1600000000 },
        ["purpose"] = new JsonObject { ["value"] = purpose, ["creator"] = "U0ALICE", ["last_set"] = 1600000000 },
    };

    private static string TypeOf(JsonObject channel) =>
        channel["is_im"]?.GetValue<bool>() == true ? "im"
        : channel["is_mpim"]?.GetValue<bool>() == true ? "mpim"
        : channel["is_private"]?.GetValue<bool>() == true ? "private_channel"
        : "public_channel";

    private static JsonObject Message(string ts, string user, string text) => new()
    {
        ["type"] = "message",
        ["user"] = user,
        ["text"] = text,
        ["ts"] = ts,
        ["team"] = "T0FAKE",
    };

    private static JsonObject Reply(string ts, string user, string text)
    {
        var reply = Message(ts, user, text);
        reply["thread_ts"] = ThreadTs;
        reply["parent_user_id"] = "U0ALICE";
        return reply;
    }

    private static JsonObject Match(string channelId, string channelName, string user, string username, string ts, string text) => new()
    {
        ["iid"] = Guid.NewGuid().ToString(),
        ["team"] = "T0FAKE",
        ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = channelName, ["is_private"] = false, ["is_im"] = false },
        ["type"] = "message",
        ["user"] = user,
        ["username"] = username,
        ["ts"] = ts,
        ["text"] = text,
        ["permalink"] = $"https://fake.slack.com/archives/{channelId}/p{ts.Replace(".", string.Empty, StringComparison.Ordinal)}",
    };

    /// <summary>Slack's cursors are opaque base64 strings; this one holds the offset.</summary>
    private static string Cursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static bool TryReadCursor(string cursor, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Error(string code) => Json(new JsonObject { ["ok"] = false, ["error"] = code });

    private static IResult MissingScope(string needed, string[] provided) =>
        Json(new JsonObject { ["ok"] = false, ["error"] = "missing_scope", ["needed"] = needed, ["provided"] = string.Join(",", provided) });

    private static IResult Json(JsonObject body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, status);

    private static async Task<IReadOnlyDictionary<string, string>> ReadArgumentsAsync(HttpRequest request)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            arguments[key] = value.ToString();
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject ?? [];
            foreach (var (key, value) in body)
            {
                arguments[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "null";
            }
        }
        else if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(request.HttpContext.RequestAborted))
            {
                arguments[key] = value.ToString();
            }
        }

        return arguments;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
