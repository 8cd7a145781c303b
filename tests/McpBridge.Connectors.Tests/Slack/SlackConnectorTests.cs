using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Slack;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.TestSupport.Time;

namespace McpBridge.Connectors.Tests.Slack;

public sealed class SlackConnectorTests : IAsyncLifetime, IDisposable
{
    private const string GeneralHistory =
        "6 messages in C0GENERAL, oldest first (times in UTC; ts identifies a message for slack_read_thread and slack_reply_in_thread):\n" +
        "[2024-06-01T09:56:40Z] Bob Builder (U0BOB) (channel_join) ts=1717235800.000010: @Bob Builder has joined the channel\n" +
        "[2024-06-01T09:58:20Z] U0GONE ts=1717235900.000050: Hello from someone who left\n" +
        "[2024-06-01T10:00:00Z] alice (U0ALICE) ts=1717236000.000100: Who can review the release notes?\n" +
        "  [thread: 3 replies, last 2024-06-01T10:10:00Z; read it with slack_read_thread, thread_ts 1717236000.000100]\n" +
        "[2024-06-01T10:01:40Z] alice (U0ALICE) (edited) ts=1717236100.000200: Two lines:\n" +
        "  second line\n" +
        "  [files: notes.pdf]\n" +
        "[2024-06-01T10:03:20Z] deploybot (bot) ts=1717236200.000300: Deploy 42 finished\n" +
        "[2024-06-01T10:05:00Z] Bob Builder (U0BOB) ts=1717236300.000400: Thanks @alice! See the report (https://example.com/report) & #ops, <not a tag>\n";

    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new();
    private FakeSlack _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _data.Dispose();

    /// <summary>The hosted connector, with the fake's loopback address allowed through the egress guard as an operator would allow a host.</summary>
    private async Task<McpTestHarness> StartAsync(string token = FakeSlack.BotToken, string? apiBaseUrl = null, EgressGuard? egress = null, int timeoutSeconds = 15)
    {
        var connector = new SlackConnector(egress ?? new EgressGuard(new EgressOptions { AllowedHosts = [_fake.HostAndPort] }));
        var context = new ConnectorContext
        {
            ServerId = "srv-test",
            InstanceName = "slack",
            Config = new JsonObject { ["botToken"] = token, ["apiBaseUrl"] = apiBaseUrl ?? _fake.ApiBaseUrl, ["timeoutSeconds"] = timeoutSeconds },
            DataDirectory = _data.Path,
            TimeProvider = _time,
        };
        var source = await connector.CreateSourceAsync(context, TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    private static Dictionary<string, object?> Args(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());

    [Fact]
    public async Task ListChannels_FollowsNextCursorAcrossPages_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_list_channels", new { types = "public_channel,private_channel" });

        Assert.Equal(
            "4 channels (id | name | members | flags | topic):\n" +
            "C0GENERAL | #general | 42 members | member | Company-wide announcements\n" +
            "C0RANDOM | #random | 40 members | not a member | Off-topic chatter\n" +
            "G0SECRET | #secret-plans | 3 members | member, private\n" +
            "C0OPSTEAM | #ops | 12 members | member | Deploys & incidents, ask @U0BOB\n",
            text);
        var calls = _fake.Calls("conversations.list").ToArray();
        Assert.Equal(2, calls.Length);
        Assert.False(calls[0].Arguments.ContainsKey("cursor"));
        Assert.Equal("offset:2", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(calls[1].Arguments["cursor"])));
        Assert.All(calls, c => Assert.Equal("public_channel,private_channel", c.Arguments["types"]));
        Assert.All(calls, c => Assert.Equal("true", c.Arguments["exclude_archived"]));
        Assert.All(calls, c => Assert.Equal("application/x-www-form-urlencoded", c.ContentType));
        Assert.All(calls, c => Assert.Equal($"Bearer {FakeSlack.BotToken}", c.Authorization));
    }

    [Fact]
    public async Task ListChannels_StopsAtMaxResults_AndGivesTheCursorToGoOn_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var first = await harness.CallTextAsync("slack_list_channels", new { max_results = 2 });
        var cursor = System.Text.RegularExpressions.Regex.Match(first, "cursor \"([^\"]+)\"").Groups[1].Value;
        var rest = await harness.CallTextAsync("slack_list_channels", new { cursor });

        Assert.Equal(
            "2 channels (id | name | members | flags | topic):\n" +
            "C0GENERAL | #general | 42 members | member | Company-wide announcements\n" +
            "C0RANDOM | #random | 40 members | not a member | Off-topic chatter\n" +
            $"[More channels: call slack_list_channels again with cursor \"{cursor}\" and the same types to continue.]\n",
            first);
        Assert.Equal(
            "1 channel (id | name | members | flags | topic):\n" +
            "C0OPSTEAM | #ops | 12 members | member | Deploys & incidents, ask @U0BOB\n",
            rest);
        Assert.Equal(["2", "100"], _fake.Calls("conversations.list").Select(c => c.Arguments["limit"]));
    }

    [Fact]
    public async Task ListChannels_KeepsThePagesRead_WhenALaterPageIsRateLimited_AndSaysHowToGoOn_AgainstLocalFakeSlack()
    {
        _fake.RateLimitLaterChannelPages = true;
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_list_channels", new { types = "public_channel,private_channel" });

        var cursor = _fake.Calls("conversations.list").Last().Arguments["cursor"];
        Assert.Equal(
            "2 channels (id | name | members | flags | topic):\n" +
            "C0GENERAL | #general | 42 members | member | Company-wide announcements\n" +
            "C0RANDOM | #random | 40 members | not a member | Off-topic chatter\n" +
            "[Stopped early: Slack's rate limit for conversations.list was reached. Retry after 30 seconds (at 2026-01-01T00:00:30Z); calling earlier is refused again.]\n" +
            $"[More channels: call slack_list_channels again with cursor \"{cursor}\" and the same types to continue.]\n",
            text);
        Assert.Equal(2, _fake.Calls("conversations.list").Count());
    }

    [Fact]
    public async Task ListChannels_ListsArchivedAndDirectMessages_ByType_WithTheDmPartnersName_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_list_channels", new { types = "im, public_channel", exclude_archived = false, max_results = 10 });

        Assert.Contains("C0ARCHIVE | #old-project | 3 members | member, archived\n", text, StringComparison.Ordinal);
        Assert.EndsWith("D0ALICEDM | DM with alice (U0ALICE)\n", text, StringComparison.Ordinal);
        Assert.StartsWith("5 channels", text, StringComparison.Ordinal);
        Assert.All(_fake.Calls("conversations.list"), c => Assert.Equal("im,public_channel", c.Arguments["types"]));
        Assert.Single(_fake.Calls("users.info"));
    }

    [Theory]
    [InlineData("""{"types":"channels"}""", "types 'channels' is not valid: give one or more of public_channel, private_channel, mpim, im")]
    [InlineData("""{"types":""}""", "types '' is not valid")]
    [InlineData("""{"max_results":0}""", "max_results must be between 1 and 500.")]
    public async Task ListChannels_RefusesBadArguments_WithoutAskingSlack_AgainstLocalFakeSlack(string arguments, string expected)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("slack_list_channels", Args(arguments));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task ReadChannel_ShowsIsoTimesRawTsAndUserNames_LookingEachUserUpOnce_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_read_channel", new { channel = "C0GENERAL" });

        Assert.Equal(GeneralHistory, text);
        var history = Assert.Single(_fake.Calls("conversations.history"));
        Assert.Equal("C0GENERAL", history.Arguments["channel"]);
        Assert.Equal("20", history.Arguments["limit"]);
        Assert.False(history.Arguments.ContainsKey("latest"));
        // Alice wrote two messages and is mentioned once, Bob wrote two and is mentioned once: one users.info each.
        Assert.Equal(["U0BOB", "U0ALICE", "U0GONE"], _fake.Calls("users.info").Select(c => c.Arguments["user"]));
    }

    [Fact]
    public async Task ReadChannel_LooksUpEachUserAgain_OnTheNextCall_AsTheCacheIsPerCall_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        await harness.CallTextAsync("slack_read_channel", new { channel = "C0GENERAL" });
        await harness.CallTextAsync("slack_read_channel", new { channel = "C0GENERAL" });

        Assert.Equal(6, _fake.Calls("users.info").Count());
    }

    [Fact]
    public async Task ReadChannel_TakesAChannelName_FoundThroughConversationsList_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_read_channel", new { channel = "#OPS" });
        var upperCase = await harness.CallTextAsync("slack_read_channel", new { channel = "OPS" });
        var unknown = await harness.CallErrorAsync("slack_read_channel", new { channel = "#nowhere" });

        Assert.Equal("No messages in #ops (C0OPSTEAM).\n", text);
        Assert.Equal(text, upperCase);
        Assert.All(_fake.Calls("conversations.history"), c => Assert.Equal("C0OPSTEAM", c.Arguments["channel"]));
        Assert.Equal("No channel named '#nowhere' that this token can see (public channels, and private ones the app was invited to). Check the name with slack_list_channels, or give the channel id.", unknown);
        Assert.All(_fake.Calls("conversations.list"), c => Assert.Equal("public_channel,private_channel", c.Arguments["types"]));
    }

    [Fact]
    public async Task ReadChannel_PagesBackWithBeforeTs_AsTheAnswerSays_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var newest = await harness.CallTextAsync("slack_read_channel", new { channel = "C0GENERAL", limit = 2 });
        var older = await harness.CallTextAsync("slack_read_channel", new { channel = "C0GENERAL", limit = 10, before_ts = "1717236200.000300" });

        Assert.StartsWith("2 messages in C0GENERAL", newest, StringComparison.Ordinal);
        Assert.Contains("ts=1717236200.000300: Deploy 42 finished\n", newest, StringComparison.Ordinal);
        Assert.EndsWith("[Older messages exist: call again with before_ts 1717236200.000300 to read further back.]\n", newest, StringComparison.Ordinal);
        Assert.StartsWith("4 messages in C0GENERAL", older, StringComparison.Ordinal);
        Assert.DoesNotContain("Deploy 42", older, StringComparison.Ordinal);
        Assert.DoesNotContain("[Older messages", older, StringComparison.Ordinal);
        Assert.Equal([null, "1717236200.000300"], _fake.Calls("conversations.history").Select(c => c.Arguments.GetValueOrDefault("latest")));
    }

    [Fact]
    public async Task ReadChannel_ShowsIds_AndSaysWhy_WhenTheTokenLacksUsersRead_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(token: FakeSlack.LimitedBotToken);

        var text = await harness.CallTextAsync("slack_read_channel", new { channel = "C0GENERAL" });

        Assert.Contains("[2024-06-01T10:05:00Z] U0BOB ts=1717236300.000400: Thanks @U0ALICE! See", text, StringComparison.Ordinal);
        Assert.EndsWith("[User names are not shown: the token lacks the users:read scope, so users appear by id.]\n", text, StringComparison.Ordinal);
        // The first refusal ends the lookups: the rest would be refused alike.
        Assert.Single(_fake.Calls("users.info"));
    }

    [Fact]
    public async Task ReadChannel_LooksUpAtMost50Users_AndSaysTheOthersAreShownById_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_read_channel", new { channel = "C0CROWDED", limit = 60 });

        Assert.Equal(SlackUserNames.MaxLookups, _fake.Calls("users.info").Count());
        Assert.Contains("] person 00 (U0PERSON00) ts=", text, StringComparison.Ordinal);
        Assert.Contains("] person 49 (U0PERSON49) ts=", text, StringComparison.Ordinal);
        Assert.Contains("] U0PERSON50 ts=", text, StringComparison.Ordinal);
        Assert.EndsWith("[Only the first 50 users' names were looked up; the others are shown by id.]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadChannel_CutsALongAnswer_AndSaysSoWithWhereToGoOn_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_read_channel", new { channel = "C0LONGPAGE", limit = 150 });

        var shown = text.Split('\n').Count(l => l.StartsWith('['));
        var note = System.Text.RegularExpressions.Regex.Match(text, @"\[truncated: the (\d+) oldest of the 150 messages read were left out to keep this answer short; read them with before_ts (\S+)\.\]\n$");
        Assert.True(note.Success, text[^300..]);
        Assert.InRange(text.Length, 50_000, SlackTools.MaxOutputChars + 1_000);
        Assert.Equal(150 - int.Parse(note.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), shown - 1);
        // The newest are kept, oldest first; before_ts names the oldest shown, so nothing is skipped when reading on.
        Assert.Contains("ts=1717300000.000100: message 149 ", text, StringComparison.Ordinal);
        Assert.Contains($"ts={note.Groups[2].Value}: message {150 - (shown - 1)} ", text, StringComparison.Ordinal);
        Assert.StartsWith($"{shown - 1} messages in C0LONGPAGE, oldest first", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadThread_ListsTheStartAndTheReplies_WithNames_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_read_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs });

        Assert.Equal(
            "Thread 1717236000.000100 in C0GENERAL: 4 messages, oldest first (the first is the thread's start); times in UTC:\n" +
            "[2024-06-01T10:00:00Z] alice (U0ALICE) ts=1717236000.000100: Who can review the release notes?\n" +
            "[2024-06-01T10:06:40Z] Bob Builder (U0BOB) ts=1717236400.000500: I can, @alice\n" +
            "[2024-06-01T10:08:20Z] alice (U0ALICE) ts=1717236500.000600: Thanks!\n" +
            "[2024-06-01T10:10:00Z] Bob Builder (U0BOB) ts=1717236600.000700: Done: notes (https://example.com/notes) look good\n",
            text);
        var call = Assert.Single(_fake.Calls("conversations.replies"));
        Assert.Equal(FakeSlack.ThreadTs, call.Arguments["ts"]);
        Assert.Equal("50", call.Arguments["limit"]);
    }

    [Fact]
    public async Task ReadThread_ReadsOnWithAfterTs_WithoutRepeatingTheStart_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var first = await harness.CallTextAsync("slack_read_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs, limit = 2 });
        var rest = await harness.CallTextAsync("slack_read_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs, after_ts = "1717236400.000500" });

        Assert.EndsWith("ts=1717236400.000500: I can, @alice\n[More replies: call again with after_ts 1717236400.000500 to read on.]\n", first, StringComparison.Ordinal);
        Assert.Equal(
            "Thread 1717236000.000100 in C0GENERAL: 2 messages, oldest first; times in UTC:\n" +
            "[2024-06-01T10:08:20Z] alice (U0ALICE) ts=1717236500.000600: Thanks!\n" +
            "[2024-06-01T10:10:00Z] Bob Builder (U0BOB) ts=1717236600.000700: Done: notes (https://example.com/notes) look good\n",
            rest);
        Assert.Equal("1717236400.000500", _fake.Calls("conversations.replies").Last().Arguments["oldest"]);
    }

    [Fact]
    public async Task ReadThread_SaysNoSuchThread_ForAnUnknownTs_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("slack_read_thread", new { channel = "C0GENERAL", thread_ts = "1717000000.000001" });
        var malformed = await harness.CallErrorAsync("slack_read_thread", new { channel = "C0GENERAL", thread_ts = "yesterday" });

        Assert.Equal("Slack found no message with ts 1717000000.000001 in channel C0GENERAL. Use the ts of the thread's first message as slack_read_channel shows it.", error);
        Assert.StartsWith("thread_ts 'yesterday' is not a Slack message ts", malformed, StringComparison.Ordinal);
        Assert.Single(_fake.Calls("conversations.replies"));
    }

    [Fact]
    public async Task PostMessage_SendsJsonWithTheBearerToken_AndReturnsTheTs_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("slack_post_message", new { channel = "#general", text = "Release *1.2* is out" });

        Assert.Equal("Posted to #general (C0GENERAL) as ts 1717240000.000100 (2024-06-01T11:06:40Z UTC). To answer in its thread, call slack_reply_in_thread with thread_ts 1717240000.000100.", text);
        var post = Assert.Single(_fake.Calls("chat.postMessage"));
        Assert.Equal("application/json", post.ContentType);
        Assert.Equal($"Bearer {FakeSlack.BotToken}", post.Authorization);
        Assert.Equal(new Dictionary<string, string> { ["channel"] = "C0GENERAL", ["text"] = "Release *1.2* is out" }, post.Arguments);
    }

    [Fact]
    public async Task ReplyInThread_SendsThreadTsAndReplyBroadcast_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var reply = await harness.CallTextAsync("slack_reply_in_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs, text = "On it" });
        var broadcast = await harness.CallTextAsync("slack_reply_in_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs, text = "Done", also_send_to_channel = true });

        Assert.Equal("Replied in thread 1717236000.000100 of C0GENERAL as ts 1717240000.000100 (2024-06-01T11:06:40Z UTC).", reply);
        Assert.Equal("Replied in thread 1717236000.000100 of C0GENERAL, also sent to the channel, as ts 1717240000.000200 (2024-06-01T11:06:40Z UTC).", broadcast);
        var posts = _fake.Calls("chat.postMessage").ToArray();
        Assert.Equal(new Dictionary<string, string> { ["channel"] = "C0GENERAL", ["text"] = "On it", ["thread_ts"] = FakeSlack.ThreadTs, ["reply_broadcast"] = "false" }, posts[0].Arguments);
        Assert.Equal("true", posts[1].Arguments["reply_broadcast"]);
    }

    [Theory]
    [InlineData("slack_post_message", """{"channel":"C0GENERAL","text":"   "}""", "text is empty: give the message to post.")]
    [InlineData("slack_post_message", """{"channel":"C0GENERAL","text":"LONG"}""", "text is 40001 characters long; Slack takes at most 40000. Shorten it or post it in parts.")]
    [InlineData("slack_post_message", """{"channel":"general channel","text":"hi"}""", "channel 'general channel' is neither a channel id")]
    [InlineData("slack_reply_in_thread", """{"channel":"C0GENERAL","thread_ts":"1717236000","text":"hi"}""", "thread_ts '1717236000' is not a Slack message ts")]
    [InlineData("slack_post_message", """{"channel":"C0GENERAL"}""", "Invalid arguments for 'slack_post_message'")]
    public async Task Posting_RefusesBadArguments_WithoutAskingSlack_AgainstLocalFakeSlack(string tool, string arguments, string expected)
    {
        await using var harness = await StartAsync();
        var args = Args(arguments.Replace("\"LONG\"", $"\"{new string('a', 40_001)}\"", StringComparison.Ordinal));

        var error = await harness.CallErrorAsync(tool, args);

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task SearchMessages_ListsMatchesWithChannelAuthorTsAndLink_WithAUserToken_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(token: FakeSlack.UserToken);

        var text = await harness.CallTextAsync("slack_search_messages", new { query = "release", count = 2, sort = "timestamp" });

        Assert.Equal(
            "3 messages match \"release\" (page 1 of 2, newest first; times in UTC):\n" +
            "[2024-06-01T10:00:00Z] #general (C0GENERAL) alice (U0ALICE) ts=1717236000.000100: Who can review the release notes?\n" +
            "  link: https://fake.slack.com/archives/C0GENERAL/p1717236000000100\n" +
            "[2024-06-01T08:20:00Z] #ops (C0OPSTEAM) bob (U0BOB) ts=1717230000.000100: release 1.2 is out, thanks @U0ALICE\n" +
            "  link: https://fake.slack.com/archives/C0OPSTEAM/p1717230000000100\n" +
            "[More matches: call again with page 2.]\n",
            text);
        var call = Assert.Single(_fake.Calls("search.messages"));
        Assert.Equal("release", call.Arguments["query"]);
        Assert.Equal("2", call.Arguments["count"]);
        Assert.Equal("timestamp", call.Arguments["sort"]);
        Assert.Equal("1", call.Arguments["page"]);
    }

    [Fact]
    public async Task SearchMessages_SaysTheTokenCannotSearch_WhenSlackAnswersNotAllowedTokenType_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(token: FakeSlack.BotToken);

        var error = await harness.CallErrorAsync("slack_search_messages", new { query = "release" });

        Assert.Equal(
            "This token does not allow searching messages: Slack only lets a user token (xoxp-...) with the search:read scope call search.messages, and a bot token (xoxb-...) never can. Configure a user token with search:read to search, or read channels with slack_read_channel instead.",
            error);
        Assert.Single(_fake.Calls("search.messages"));
    }

    [Fact]
    public async Task SearchMessages_NamesTheMissingScope_WhenSlackAnswersMissingScope_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(token: FakeSlack.UserTokenWithoutSearch);

        var error = await harness.CallErrorAsync("slack_search_messages", new { query = "release" });

        Assert.StartsWith("This token does not allow searching messages: it lacks the search:read scope (Slack says search.messages needs search:read). The token has: channels:read,", error, StringComparison.Ordinal);
        Assert.Contains("a user token (xoxp-...) with the search:read user scope", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slack_read_channel", """{"channel":"C0RANDOM"}""", "The Slack app is not a member of channel C0RANDOM, so it cannot read or post there. Invite it to the channel (in Slack, type /invite")]
    [InlineData("slack_post_message", """{"channel":"C0RANDOM","text":"hi"}""", "The Slack app is not a member of channel C0RANDOM")]
    [InlineData("slack_read_channel", """{"channel":"C0MISSING"}""", "Slack found no channel C0MISSING that this token can see. Use slack_list_channels to find the channel's id")]
    [InlineData("slack_post_message", """{"channel":"C0ARCHIVE","text":"hi"}""", "Channel C0ARCHIVE is archived: nothing can be posted to it.")]
    [InlineData("slack_read_thread", """{"channel":"C0NOPE99","thread_ts":"1717236000.000100"}""", "Slack found no channel C0NOPE99 that this token can see.")]
    public async Task SlackErrors_BecomePlainWords_AgainstLocalFakeSlack(string tool, string arguments, string expected)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync(tool, Args(arguments));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingScope_NamesTheNeededScope_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(token: FakeSlack.LimitedBotToken);

        var error = await harness.CallErrorAsync("slack_list_channels");
        var byName = await harness.CallErrorAsync("slack_read_channel", new { channel = "#general" });

        Assert.Equal(
            "The token lacks the Slack scope channels:read that conversations.list needs. Add it in the Slack app's settings (OAuth & Permissions, Scopes), reinstall the app to the workspace and update the tool's botToken setting. The token has: channels:history,chat:write.",
            error);
        Assert.Equal(error + " Or give the channel by its id (e.g. C0123ABCD), which needs no lookup.", byName);
        Assert.Empty(_fake.Calls("conversations.history"));
    }

    [Theory]
    [InlineData("xoxb-1111111111-2222222222-NotAKnownToken00", "Slack refused the token (invalid_auth): it is not a valid token for any workspace. Check the tool's botToken setting")]
    [InlineData(FakeSlack.RevokedToken, "Slack refused the token (token_revoked): it was revoked or has expired")]
    public async Task EveryTool_ExplainsARefusedToken_AgainstLocalFakeSlack(string token, string expected)
    {
        await using var harness = await StartAsync(token: token);

        var errors = new[]
        {
            await harness.CallErrorAsync("slack_list_channels"),
            await harness.CallErrorAsync("slack_read_channel", new { channel = "C0GENERAL" }),
            await harness.CallErrorAsync("slack_read_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs }),
            await harness.CallErrorAsync("slack_post_message", new { channel = "C0GENERAL", text = "hi" }),
            await harness.CallErrorAsync("slack_reply_in_thread", new { channel = "C0GENERAL", thread_ts = FakeSlack.ThreadTs, text = "hi" }),
        };

        Assert.All(errors, e => Assert.StartsWith(expected, e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain(token, e, StringComparison.Ordinal));
        Assert.Equal(5, _fake.Requests.Count);
    }

    [Fact]
    public async Task RateLimit_BecomesAToolErrorSayingWhenToRetry_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("slack_read_channel", new { channel = "C0RATELIMIT" });

        // The fake clock reads 2026-01-01T00:00:00Z; Slack said Retry-After: 30.
        Assert.Equal("Slack's rate limit for conversations.history was reached. Retry after 30 seconds (at 2026-01-01T00:00:30Z); calling earlier is refused again.", error);
        Assert.Single(_fake.Calls("conversations.history"));
    }

    [Fact]
    public async Task SlowAnswer_BecomesATimeoutError_WhenTheTimeoutPasses_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(timeoutSeconds: 5);

        var call = harness.CallErrorAsync("slack_read_channel", new { channel = "C0SLOWPAGE" });
        await _fake.SlowRequestArrived.Task.WaitAsync(TestTimeouts.Default);
        _time.Advance(TimeSpan.FromSeconds(5));
        var error = await call;

        Assert.Equal("Slack did not answer conversations.history within 5 s. Try again; if it keeps happening, ask for fewer items or raise the tool's timeoutSeconds setting.", error);
        await _fake.SlowRequestAborted.Task.WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task Cancellation_AbortsTheRequest_AndIsNotReportedAsATimeout_AgainstLocalFakeSlack()
    {
        using var client = new SlackClient(
            new EgressGuard(new EgressOptions { AllowedHosts = [_fake.HostAndPort] }).CreateHttpHandler(allowAutoRedirect: false),
            SlackConnector.BaseAddress(_fake.ApiBaseUrl),
            FakeSlack.BotToken,
            TimeSpan.FromSeconds(15),
            _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        using var cancel = new CancellationTokenSource();

        var call = client.SendFormAsync("conversations.history", [new("channel", "C0SLOWPAGE")], cancel.Token);
        await _fake.SlowRequestArrived.Task.WaitAsync(TestTimeouts.Default);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _fake.SlowRequestAborted.Task.WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task OversizedAnswer_IsRefusedAtTheCap_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("slack_read_channel", new { channel = "C0HUGEPAGE" });

        Assert.Equal("Slack's answer to conversations.history is larger than 8 MiB; ask for fewer items (a lower limit).", error);
    }

    [Fact]
    public async Task ABaseUrlThatIsNotTheWebApi_IsExplained_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(apiBaseUrl: _fake.BaseAddress.ToString());

        var error = await harness.CallErrorAsync("slack_read_channel", new { channel = "C0GENERAL" });

        Assert.Equal($"{_fake.BaseAddress} did not answer conversations.history like the Slack Web API (HTTP 404, no JSON with \"ok\"). Check the tool's apiBaseUrl setting (normally https://slack.com/api).", error);
    }

    [Fact]
    public async Task Hosted_RefusesALoopbackApiBaseUrl_ByTheEgressGuard_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync(egress: new EgressGuard(new EgressOptions()));

        var error = await harness.CallErrorAsync("slack_read_channel", new { channel = "C0GENERAL" });

        Assert.Equal($"Cannot reach Slack at {_fake.ApiBaseUrl}/: refusing to connect to 127.0.0.1: private or loopback address. A hosted server only reaches public addresses; the apiBaseUrl setting is normally https://slack.com/api.", error);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Token_NeverAppearsInOutputOrErrors_EvenWhenAMessageContainsIt_AgainstLocalFakeSlack()
    {
        await using var harness = await StartAsync();

        var outputs = new[]
        {
            await harness.CallTextAsync("slack_read_channel", new { channel = "C0LEAKING" }),
            await harness.CallErrorAsync("slack_read_channel", new { channel = "C0RATELIMIT" }),
            await harness.CallErrorAsync("slack_search_messages", new { query = "release" }),
            await harness.CallTextAsync("slack_post_message", new { channel = "C0GENERAL", text = "hello" }),
        };

        Assert.EndsWith("ts=1717236000.000100: oops, our token is ********\n", outputs[0], StringComparison.Ordinal);
        Assert.All(outputs, o => Assert.DoesNotContain(FakeSlack.BotToken, o, StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_MarksTheTokenSecret_AndDefaultsTheApiBaseUrl()
    {
        var connector = new SlackConnector(new EgressGuard(new EgressOptions()));
        var config = new JsonObject { ["botToken"] = FakeSlack.BotToken };

        var valid = ConfigValidation.Validate(connector.ConfigSchema, config);
        var plain = ConfigValidation.Split(valid.Normalized, connector.ConfigSchema, out var secrets);

        Assert.True(valid.IsValid);
        Assert.Equal(["botToken"], ConfigValidation.SecretFields(connector.ConfigSchema));
        Assert.Equal(["botToken"], connector.ConfigSchema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("https://slack.com/api", valid.Normalized["apiBaseUrl"]!.GetValue<string>());
        Assert.Equal(15, valid.Normalized["timeoutSeconds"]!.GetValue<long>());
        Assert.False(plain.ContainsKey("botToken"));
        Assert.Equal(FakeSlack.BotToken, secrets["botToken"]!.GetValue<string>());
        Assert.Equal(ConfigValidation.MaskedValue, ConfigValidation.Mask(config, connector.ConfigSchema)["botToken"]!.GetValue<string>());
        Assert.True(ConfigValidation.Validate(connector.ConfigSchema, new JsonObject { ["botToken"] = FakeSlack.UserToken }).IsValid);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("xoxa-2-legacy-workspace-token")]
    [InlineData("Bearer xoxb-1111-2222-abc")]
    [InlineData("xoxb-1111-2222-abc\r\nX-Injected: 1")]
    [InlineData("xoxb-")]
    public void Schema_RefusesATokenThatIsNotABotOrUserToken_WithAFieldLevelError_ThatDoesNotRepeatIt(string token)
    {
        var connector = new SlackConnector(new EgressGuard(new EgressOptions()));

        var result = ConfigValidation.Validate(connector.ConfigSchema, new JsonObject { ["botToken"] = token });

        Assert.False(result.IsValid);
        var error = Assert.Single(Assert.Single(result.Errors, e => e.Key == "botToken").Value);
        Assert.Equal($"does not match the expected format: {SlackConnector.TokenFormat}", error);
        Assert.Equal(["botToken"], result.Errors.Keys);

        // The format names the prefixes (so "xoxb-" alone appears in it); apart from that, the value is never repeated.
        Assert.All(result.Describe(), line => Assert.DoesNotContain(token, line.Replace(SlackConnector.TokenFormat, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{}""", "botToken", "is required")]
    [InlineData("""{"botToken":"xoxb-1-2-abc","apiBaseUrl":"http://slack.example.com/api"}""", "apiBaseUrl", "does not match the expected format")]
    [InlineData("""{"botToken":"xoxb-1-2-abc","apiBaseUrl":"slack.com/api"}""", "apiBaseUrl", "must be an absolute http:// or https:// URL")]
    [InlineData("""{"botToken":"xoxb-1-2-abc","timeoutSeconds":0}""", "timeoutSeconds", "must be an integer between 1 and 120")]
    [InlineData("""{"botToken":"xoxb-1-2-abc","channel":"general"}""", "channel", "is not a known setting")]
    public void Schema_GivesFieldLevelErrors_ForOtherBadSettings(string config, string field, string expected)
    {
        var connector = new SlackConnector(new EgressGuard(new EgressOptions()));

        var result = ConfigValidation.Validate(connector.ConfigSchema, JsonNode.Parse(config)!.AsObject());

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors[field], e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateSource_RefusesAnInvalidToken_WithoutRepeatingIt()
    {
        var connector = new SlackConnector(new EgressGuard(new EgressOptions()));
        var context = new ConnectorContext
        {
            ServerId = "srv-test",
            InstanceName = "slack",
            Config = new JsonObject { ["botToken"] = "xoxb-1-2-abc\r\nX-Injected: 1" },
            DataDirectory = _data.Path,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(context, TestTimeouts.Token()).AsTask());

        Assert.StartsWith("Invalid configuration for 'slack': botToken: does not match the expected format", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://slack.com/api", "https://slack.com/api/")]
    [InlineData("https://slack-gov.com/api/", "https://slack-gov.com/api/")]
    [InlineData("https://proxy.example.com/slack/api?x=1", "https://proxy.example.com/slack/api/")]
    public void BaseAddress_EndsWithASlash_SoMethodsResolveUnderIt(string url, string expected) =>
        Assert.Equal(expected, SlackConnector.BaseAddress(url).ToString());

    [Fact]
    public async Task Tools_AreListed_WithTheirRequiredArguments_AndOnlyPostingWrites_AgainstLocalFakeSlack()
    {
        var connector = new SlackConnector(new EgressGuard(new EgressOptions()));
        await using var harness = await StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestTimeouts.Token());

        Assert.Equal(
            ["slack_list_channels", "slack_read_channel", "slack_read_thread", "slack_post_message", "slack_reply_in_thread", "slack_search_messages"],
            connector.Tools.Select(t => t.Name));
        Assert.Equal(connector.Tools.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["slack_post_message", "slack_reply_in_thread"], tools.Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint != true).Select(t => t.Name).Order(StringComparer.Ordinal));
        string[] Required(string name) =>
            tools.Single(t => t.Name == name).JsonSchema.TryGetProperty("required", out var required)
                ? required.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToArray()
                : [];
        Assert.Empty(Required("slack_list_channels"));
        Assert.Equal(["channel"], Required("slack_read_channel"));
        Assert.Equal(["channel", "thread_ts"], Required("slack_read_thread"));
        Assert.Equal(["channel", "text"], Required("slack_post_message"));
        Assert.Equal(["channel", "text", "thread_ts"], Required("slack_reply_in_thread"));
        Assert.Equal(["query"], Required("slack_search_messages"));
        var search = tools.Single(t => t.Name == "slack_search_messages").JsonSchema.GetProperty("properties");
        Assert.Equal(["score", "timestamp"], search.GetProperty("sort").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(100, search.GetProperty("count").GetProperty("maximum").GetInt32());
        Assert.Equal(200, tools.Single(t => t.Name == "slack_read_channel").JsonSchema.GetProperty("properties").GetProperty("limit").GetProperty("maximum").GetInt32());
        Assert.Equal("slack", connector.Id);
        Assert.Equal(ConnectorCategories.Communication, connector.Category);
    }
}
