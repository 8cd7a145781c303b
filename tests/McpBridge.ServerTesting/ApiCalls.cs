using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpBridge.Protocol.Api;
using Xunit;

namespace McpBridge.ServerTesting;

/// <summary>REST calls tests make again and again, asserting success so a failure says what went wrong.</summary>
public static class ApiCalls
{
    private static JsonSerializerOptions Json => TestBridge.Json;

    public static async Task<ServerInfo> CreateServerAsync(this TestAccount account, string name)
    {
        using var response = await account.Client.PostAsJsonAsync("/api/v1/servers", new CreateServerRequest(name), Json);
        return await ExpectAsync<ServerInfo>(response, HttpStatusCode.Created);
    }

    public static async Task<ToolInfo> AddToolAsync(this TestAccount account, string server, string connector, object? config = null, string? name = null)
    {
        var body = new AddToolRequest(connector, config is null ? null : JsonSerializer.SerializeToElement(config, Json), name);
        using var response = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server}/tools", body, Json);
        return await ExpectAsync<ToolInfo>(response, HttpStatusCode.Created);
    }

    public static async Task<DeployResponse> DeployAsync(this TestAccount account, string server, int? version = null)
    {
        using var response = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server}/deploy", new DeployRequest(version), Json);
        return await ExpectAsync<DeployResponse>(response, HttpStatusCode.OK);
    }

    public static async Task<KeyCreated> CreateServerKeyAsync(this TestAccount account, string server, string? name = null)
    {
        using var response = await account.Client.PostAsJsonAsync($"/api/v1/servers/{server}/keys", new CreateKeyRequest(name), Json);
        return await ExpectAsync<KeyCreated>(response, HttpStatusCode.Created);
    }

    /// <summary>A server with the given tools, deployed, and a key for it.</summary>
    public static async Task<(ServerInfo Server, KeyCreated Key, DeployResponse Deploy)> DeployedServerAsync(
        this TestAccount account, string name, params (string Connector, object? Config)[] tools)
    {
        var server = await account.CreateServerAsync(name);
        foreach (var (connector, config) in tools)
        {
            await account.AddToolAsync(server.Id, connector, config);
        }

        var deploy = await account.DeployAsync(server.Id);
        var key = await account.CreateServerKeyAsync(server.Id);
        return (server, key, deploy);
    }

    public static async Task<T> GetAsync<T>(this TestAccount account, string path)
    {
        using var response = await account.Client.GetAsync(path);
        return await ExpectAsync<T>(response, HttpStatusCode.OK);
    }

    public static async Task SetPlanAsync(this TestAccount admin, string accountId, string plan)
    {
        using var response = await admin.Client.PutAsJsonAsync($"/api/v1/admin/accounts/{accountId}/plan", new SetPlanRequest(plan), Json);
        await ExpectAsync<AdminAccountInfo>(response, HttpStatusCode.OK);
    }

    public static async Task<T> ExpectAsync<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    /// <summary>Reads a ProblemDetails answer: its status, code and the whole document.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? string.Empty);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
