using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Accounts.Device;
using McpBridge.Server.Data;
using McpBridge.Server.Tests.Dashboard;
using McpBridge.ServerTesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpBridge.Server.Tests.Accounts;

/// <summary>
/// Browser sign-in for the CLI (device flow): the REST endpoints the CLI polls, the dashboard's approval page, and the
/// key that changes hands, on both databases, on a clock the tests move.
/// </summary>
public abstract class DeviceLoginTests(GitHubBridgeFixture fixture)
{
    private TestBridge Bridge => fixture.Bridge;

    private DeviceLoginService Logins => Bridge.Services.GetRequiredService<DeviceLoginService>();

    [Fact]
    public async Task Start_ReturnsACodeToShow_AndTheDashboardPageToApproveItOn()
    {
        var started = await Bridge.StartDeviceLoginAsync();

        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", started.UserCode);
        Assert.Equal(40, started.DeviceCode.Length);
        Assert.Equal($"http://localhost:{Bridge.BaseUri.Port}/device", started.VerificationUri);
        Assert.Equal($"{started.VerificationUri}?code={started.UserCode}", started.VerificationUriComplete);
        Assert.Equal(600, started.ExpiresIn);
        Assert.Equal(5, started.Interval);
    }

    [Fact]
    public async Task Poll_SaysAuthorizationPending_AndSlowDown_WhenPolledFasterThanTheInterval()
    {
        var started = await Bridge.StartDeviceLoginAsync();

        await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AuthorizationPending);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var slowDown = await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.SlowDown);
        Assert.Contains("every 5 seconds", slowDown);

        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AuthorizationPending);
    }

    [Fact]
    public async Task Poll_ReturnsAWorkingAccountKeyExactlyOnce_AfterApprovalOnTheDevicePage()
    {
        var (account, browser) = await fixture.SignedInAccountAsync("Sarah");
        using var _ = browser;
        var started = await Bridge.StartDeviceLoginAsync("mcp-bridge CLI on sarah-laptop");
        await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AuthorizationPending);

        var page = await browser.OpenAsync(new Uri(started.VerificationUriComplete).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(started.UserCode, page.Text);
        Assert.Contains("mcp-bridge CLI on sarah-laptop", page.Text);

        using var approved = await browser.SubmitAsync($"/device?code={started.UserCode}", "approve", [new("code", started.UserCode)]);
        var done = await browser.FollowAsync(approved);
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("Approved", done.Text);

        fixture.Clock.Advance(DeviceLoginService.Interval);
        var (token, refusal, _) = await Bridge.PollAsync(started.DeviceCode);
        Assert.True(token is not null, $"expected the key, got {refusal}");
        Assert.Equal(account.AccountId, token.AccountId);
        Assert.StartsWith("mcpb_ak_", token.ApiKey);
        using (var cli = Bridge.Client(token.ApiKey))
        {
            Assert.Equal(account.AccountId, (await new TestAccount(account.AccountId, token.ApiKey, cli).GetAsync<AccountInfo>("/api/v1/account")).Id);
        }

        var keys = await account.GetAsync<KeyInfo[]>("/api/v1/account/keys");
        Assert.Contains(keys, k => k.Id == token.KeyId && k.Name == "mcp-bridge CLI on sarah-laptop (browser sign-in)");

        fixture.Clock.Advance(DeviceLoginService.Interval);
        var again = await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.ExpiredToken);
        Assert.Contains("already used", again);
    }

    [Fact]
    public async Task Poll_SaysAccessDenied_WhenDeniedOnTheDevicePage_AndNoKeyIsMade()
    {
        var (account, browser) = await fixture.SignedInAccountAsync();
        using var _ = browser;
        var keysBefore = await account.GetAsync<KeyInfo[]>("/api/v1/account/keys");
        var started = await Bridge.StartDeviceLoginAsync();

        using var denied = await browser.SubmitAsync($"/device?code={started.UserCode}", "deny", [new("code", started.UserCode)]);
        var done = await browser.FollowAsync(denied);
        Assert.Contains("Denied", done.Text);

        Assert.Contains("denied", await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AccessDenied));
        fixture.Clock.Advance(DeviceLoginService.Interval);
        await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AccessDenied);
        Assert.Equal(keysBefore.Length, (await account.GetAsync<KeyInfo[]>("/api/v1/account/keys")).Length);
        Assert.False((await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), started.UserCode, approve: true, default)).IsSuccess);
    }

    [Fact]
    public async Task Poll_SaysExpiredToken_TenMinutesAfterTheStart_AndTheCodeCanNoLongerBeApproved()
    {
        var (account, browser) = await fixture.SignedInAccountAsync();
        using var _ = browser;
        var started = await Bridge.StartDeviceLoginAsync();
        fixture.Clock.Advance(DeviceLoginService.Lifetime - TimeSpan.FromSeconds(1));
        await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AuthorizationPending);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("expired", await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.ExpiredToken));

        var page = await browser.OpenAsync($"/device?code={started.UserCode}");
        Assert.Contains("No waiting sign-in has that code", page.Text);
        Assert.DoesNotContain("value=\"approve\"", page.Html);
        var decided = await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), started.UserCode, approve: true, default);
        Assert.Equal(ErrorCodes.NotFound, decided.Error?.Code);
    }

    [Theory]
    [InlineData("BCDF-GHJ")] // seven letters
    [InlineData("BCDF-GHJKL")] // nine
    [InlineData("AEIO-UBCD")] // vowels are not in the alphabet
    [InlineData("BCDF_GHJK")] // only dashes and spaces separate
    [InlineData("BCD1-GHJK")]
    [InlineData("")]
    public async Task Decide_RefusesGarbledCodes_WithAFieldError(string code)
    {
        var account = await Bridge.SignupAsync();
        var result = await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), code, approve: true, default);
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.ValidationFailed, result.Error.Code);
        Assert.Contains("eight letters", result.Error.Detail);
    }

    [Fact]
    public async Task DevicePage_SaysTheCodeIsUnknown_ForAWrongOrGarbledCode_AndAcceptsTheRightOneTypedLoosely()
    {
        var (account, browser) = await fixture.SignedInAccountAsync();
        using var _ = browser;
        var started = await Bridge.StartDeviceLoginAsync();
        var wrong = started.UserCode[0] == 'B' ? "CCCC-CCCC" : "BBBB-BBBB";

        foreach (var code in new[] { wrong, "garbage", "<script>" })
        {
            var page = await browser.OpenAsync($"/device?code={Uri.EscapeDataString(code)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("No waiting sign-in has that code", page.Text);
        }

        Assert.Equal(ErrorCodes.NotFound, (await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), wrong, approve: true, default)).Error?.Code);

        // People type what they see in lower case, with a space for the dash.
        var loose = started.UserCode.Replace('-', ' ').ToLowerInvariant();
        var found = await browser.OpenAsync($"/device?code={Uri.EscapeDataString(loose)}");
        Assert.Contains(started.UserCode, found.Text);
        Assert.True((await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), loose, approve: true, default)).Value);
        fixture.Clock.Advance(DeviceLoginService.Interval);
        Assert.NotNull((await Bridge.PollAsync(started.DeviceCode)).Token);
    }

    [Fact]
    public async Task Poll_RefusesAnUnknownDeviceCode_AndAMissingOne()
    {
        Assert.Contains("unknown", await Bridge.ExpectRefusalAsync(new string('a', 40), ErrorCodes.ExpiredToken));
        Assert.Equal(ErrorCodes.ValidationFailed, (await Bridge.PollAsync(" ")).Refusal);
    }

    [Fact]
    public async Task ApprovedKey_IsStoredEncrypted_AndRemovedWhenClaimed()
    {
        var account = await Bridge.SignupAsync();
        var started = await Bridge.StartDeviceLoginAsync();
        Assert.True((await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), started.UserCode, approve: true, default)).Value);
        var stored = await StoredKeyAsync(started.UserCode);
        Assert.False(string.IsNullOrEmpty(stored));

        fixture.Clock.Advance(DeviceLoginService.Interval);
        var token = (await Bridge.PollAsync(started.DeviceCode)).Token!;
        Assert.DoesNotContain(token.ApiKey, stored);
        Assert.DoesNotContain(token.ApiKey[8..], stored);
        Assert.Null(await StoredKeyAsync(started.UserCode));
        Assert.DoesNotContain(token.ApiKey[8..], await DatabaseText.ReadAllAsync(Bridge));
    }

    [Fact]
    public async Task Claim_HandsTheKeyToOnePoll_WhenSeveralArriveAtOnce()
    {
        var account = await Bridge.SignupAsync();
        var started = await Bridge.StartDeviceLoginAsync();
        Assert.True((await Logins.DecideAsync(Caller.ForSession(account.AccountId, "test"), started.UserCode, approve: true, default)).Value);

        var polls = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Bridge.PollAsync(started.DeviceCode)));

        Assert.Single(polls, p => p.Token is not null);
        Assert.All(polls.Where(p => p.Token is null), p => Assert.Equal(ErrorCodes.ExpiredToken, p.Refusal));
    }

    [Fact]
    public async Task DevicePage_SendsASignedOutUserToSignIn_AndBackToTheCode()
    {
        using var browser = new DashboardBrowser(Bridge);
        using var response = await browser.GetAsync("/device?code=BCDF-GHJK");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/signin?ReturnUrl=", location.Replace($"http://127.0.0.1:{Bridge.BaseUri.Port}", string.Empty, StringComparison.Ordinal));
        Assert.Contains(Uri.EscapeDataString("/device?code=BCDF-GHJK"), location);
    }

    [Fact]
    public async Task DevicePage_RefusesAnApprovalPostedWithoutTheAntiforgeryToken()
    {
        var (_, browser) = await fixture.SignedInAccountAsync();
        using var _ = browser;
        var started = await Bridge.StartDeviceLoginAsync();

        using var forged = await browser.PostAsync("/device", "approve", [new("code", started.UserCode)]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        fixture.Clock.Advance(DeviceLoginService.Interval);
        await Bridge.ExpectRefusalAsync(started.DeviceCode, ErrorCodes.AuthorizationPending);
    }

    private async Task<string?> StoredKeyAsync(string userCode)
    {
        var code = DeviceLoginService.NormalizeUserCode(userCode);
        await using var db = await Bridge.Services.GetRequiredService<IDbContextFactory<BridgeDbContext>>().CreateDbContextAsync();
        return await db.DeviceLogins.AsNoTracking().Where(d => d.UserCode == code).Select(d => d.ProtectedKey).SingleAsync();
    }
}

public sealed class DeviceLoginTests_Sqlite(SqliteGitHubBridge fixture) : DeviceLoginTests(fixture), IClassFixture<SqliteGitHubBridge>;

public sealed class DeviceLoginTests_Postgres(PostgresGitHubBridge fixture) : DeviceLoginTests(fixture), IClassFixture<PostgresGitHubBridge>;
