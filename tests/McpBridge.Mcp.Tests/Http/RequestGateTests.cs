using System.Net;
using McpBridge.Mcp.Http;
using McpBridge.Mcp.Tests.TestHost;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace McpBridge.Mcp.Tests.Http;

/// <summary>An <see cref="IMcpRequestGate"/> refuses requests before they run, with the status and JSON-RPC error it chose.</summary>
public sealed class RequestGateTests
{
    [Fact]
    public async Task Gate_RefusesToolCalls_With429RetryAfterAndJsonRpcError_AndLetsOtherMethodsThrough()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create(), o => o.Gate = new QuotaGate());
        var sessionId = await RawMcp.OpenSessionAsync(server.Http, server.Url);
        var headers = new Dictionary<string, string> { ["Mcp-Session-Id"] = sessionId, ["MCP-Protocol-Version"] = "2025-11-25" };

        var list = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", headers: headers));
        var call = await RawMcp.SendAsync(server.Http, RawMcp.Post(server.Url,
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"message":"x"}}}""", headers: headers));

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal((HttpStatusCode)429, call.Status);
        Assert.Equal("30", call.Header("Retry-After"));
        Assert.Equal(-32029, call.ErrorCode);
        Assert.Equal(3, call.Message!.Value.GetProperty("id").GetInt32());
        Assert.Equal(1000, call.Message!.Value.GetProperty("error").GetProperty("data").GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task Gate_RefusesStatelessRequests_Too()
    {
        await using var server = await McpTestServer.StartAsync(EchoTarget.Create(), o => o.Gate = new QuotaGate());

        var call = await RawMcp.SendAsync(server.Http, RawMcp.Stateless(server.Url, "tools/call",
            new System.Text.Json.Nodes.JsonObject { ["name"] = "echo", ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["message"] = "x" } }, name: "echo"));

        Assert.Equal((HttpStatusCode)429, call.Status);
        Assert.Equal(-32029, call.ErrorCode);
    }

    /// <summary>Refuses every tools/call, as a plan whose monthly calls are used up would.</summary>
    private sealed class QuotaGate : IMcpRequestGate
    {
        public ValueTask<McpGateDecision> CheckAsync(HttpContext context, IMcpTarget target, JsonRpcRequest request, CancellationToken cancellationToken) =>
            new(request.Method == RequestMethods.ToolsCall
                ? new McpGateDecision(false, 429, -32029, "Monthly call limit reached.", new { limit = 1000 }, TimeSpan.FromSeconds(30))
                : McpGateDecision.Allow);
    }
}
