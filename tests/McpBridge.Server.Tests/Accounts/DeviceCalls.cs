using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;

namespace McpBridge.Server.Tests.Accounts;

/// <summary>The CLI's side of a device login: start, and poll.</summary>
internal static class DeviceCalls
{
    public static async Task<DeviceLoginStarted> StartDeviceLoginAsync(this TestBridge bridge, string? clientName = "mcp-bridge CLI on laptop")
    {
        using var response = await bridge.Http.PostAsJsonAsync("/api/v1/device/code", new DeviceLoginRequest(clientName), TestBridge.Json);
        return await ApiCalls.ExpectAsync<DeviceLoginStarted>(response, HttpStatusCode.OK);
    }

    /// <summary>Polls once; the key on success, otherwise the refusal's code (authorization_pending, slow_down, ...).</summary>
    public static async Task<(DeviceToken? Token, string? Refusal, JsonElement? Problem)> PollAsync(this TestBridge bridge, string deviceCode)
    {
        using var response = await bridge.Http.PostAsJsonAsync("/api/v1/device/token", new DeviceTokenRequest(deviceCode), TestBridge.Json);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (JsonSerializer.Deserialize<DeviceToken>(text, TestBridge.Json), null, null);
        }

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"a refused poll answers 400, got {(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        return (null, problem.GetProperty("code").GetString(), problem);
    }

    /// <summary>Polls once and expects a refusal with <paramref name="code"/>; returns its detail.</summary>
    public static async Task<string> ExpectRefusalAsync(this TestBridge bridge, string deviceCode, string code)
    {
        var (token, refusal, problem) = await bridge.PollAsync(deviceCode);
        Assert.Null(token);
        Assert.Equal(code, refusal);
        return problem!.Value.GetProperty("detail").GetString()!;
    }
}
