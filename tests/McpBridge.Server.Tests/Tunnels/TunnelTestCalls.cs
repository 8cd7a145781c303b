using System.Net;
using System.Net.Http.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Tunnels;

/// <summary>The tunnels REST calls the tests make again and again.</summary>
internal static class TunnelTestCalls
{
    public static async Task<TunnelInfo> ReserveTunnelAsync(this TestAccount account, string name)
    {
        using var response = await account.Client.PostAsJsonAsync("/api/v1/tunnels", new ReserveTunnelRequest(name), TestBridge.Json);
        return await ApiCalls.ExpectAsync<TunnelInfo>(response, HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> TryReserveTunnelAsync(this TestAccount account, string name) =>
        account.Client.PostAsJsonAsync("/api/v1/tunnels", new ReserveTunnelRequest(name), TestBridge.Json);

    public static Task<TunnelList> ListTunnelsAsync(this TestAccount account) => account.GetAsync<TunnelList>("/api/v1/tunnels");
}
