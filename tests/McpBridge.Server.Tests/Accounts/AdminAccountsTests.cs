using System.Net;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.Server.Tests.Accounts;

/// <summary>Administrators: the first account ever created, and the accounts the operator names in <c>AdminAccounts</c>.</summary>
public sealed class AdminAccountsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task AccountsNamedInAdminAccounts_AreAdministrators_BesidesTheFirst(DatabaseProvider provider)
    {
        TestBridgeOptions settings = null!;
        await using var bridge = await TestBridge.StartAsync(provider, o => settings = o);
        var first = await bridge.SignupAsync("first");
        var named = await bridge.SignupAsync("named");
        Assert.False((await named.GetAsync<AccountInfo>("/api/v1/account")).IsAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await named.Client.GetAsync("/api/v1/admin/accounts")).StatusCode);

        settings.Settings["AdminAccounts:0"] = named.AccountId;
        await bridge.StopAsync();
        await bridge.StartAsync();

        Assert.True((await named.GetAsync<AccountInfo>("/api/v1/account")).IsAdmin);
        var accounts = await named.GetAsync<AdminAccountInfo[]>("/api/v1/admin/accounts");
        Assert.True(accounts.Single(a => a.Id == named.AccountId).IsAdmin);
        Assert.True(accounts.Single(a => a.Id == first.AccountId).IsAdmin);

        var other = await bridge.SignupAsync("other");
        Assert.False((await other.GetAsync<AccountInfo>("/api/v1/account")).IsAdmin);
        await named.SetPlanAsync(other.AccountId, "pro");
        Assert.Equal("pro", (await other.GetAsync<AccountInfo>("/api/v1/account")).Plan.Id);
    }
}
