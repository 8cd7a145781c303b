using System.Net;
using System.Net.Http.Headers;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// An HTTP handler whose "network" is a connected agent: a hosted server's source can talk to an MCP server on the
/// user's own machine through their tunnel, in process, without leaving the relay.
/// </summary>
internal sealed class TunnelHttpHandler(TunnelRegistry registry, string name) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(name, out var agent) || agent.Connection.Closed.IsCancellationRequested)
        {
            return Problem(HttpStatusCode.ServiceUnavailable, $"The tunnel '{name}' is offline: start it with 'mcp-bridge start ... --cloud --name {name}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (header, values) in request.Headers)
        {
            if (!HopByHopHeaders.Contains(header) && !header.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(values.Select(v => new KeyValuePair<string, string>(header, v)));
            }
        }

        if (request.Content is { } content)
        {
            foreach (var (header, values) in content.Headers)
            {
                headers.AddRange(values.Select(v => new KeyValuePair<string, string>(header, v)));
            }
        }

        var target = request.RequestUri!.PathAndQuery;
        var stream = await agent.Connection.OpenStreamAsync(new TunnelRequestHead(request.Method.Method, target, headers), endOfBody: request.Content is null, cancellationToken);
        try
        {
            if (request.Content is { } body)
            {
                await body.CopyToAsync(stream, cancellationToken);
                await stream.CompleteWritesAsync(cancellationToken);
            }

            TunnelResponseHead head;
            try
            {
                head = await stream.Response.WaitAsync(cancellationToken);
            }
            catch (TunnelStreamResetException ex)
            {
                await stream.DisposeAsync();
                return Problem(ex.ConnectionLost ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadGateway, ex.Message);
            }

            var response = new HttpResponseMessage((HttpStatusCode)head.Status) { RequestMessage = request, Content = new StreamContent(stream) };
            foreach (var (header, value) in head.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(header, value))
                {
                    response.Content.Headers.TryAddWithoutValidation(header, value);
                }
            }

            return response;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string detail) => new(status)
    {
        Content = new StringContent($"{{\"detail\":{System.Text.Json.JsonSerializer.Serialize(detail)}}}", new MediaTypeHeaderValue("application/problem+json")),
    };
}
