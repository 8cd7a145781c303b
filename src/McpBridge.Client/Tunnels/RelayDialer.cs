using System.Net;
using System.Net.WebSockets;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Client.Tunnels;

/// <summary>Opens the agent's WebSocket to the relay and turns a refusal into a <see cref="CloudConnectorException"/> with the relay's own words.</summary>
internal static class RelayDialer
{
    public static Uri ConnectUri(CloudConnectorOptions options, string? name, string? resumeToken)
    {
        var server = options.ServerUrl;
        var scheme = server.Scheme switch
        {
            "https" or "wss" => "wss",
            "http" or "ws" => "ws",
            _ => throw new ArgumentException($"ServerUrl must be an http(s) URL, not '{server}'.", nameof(options)),
        };
        var query = new List<string>();
        if (!string.IsNullOrEmpty(name))
        {
            query.Add($"{TunnelConnectQuery.Name}={Uri.EscapeDataString(name)}");
        }

        if (options.Temporary)
        {
            query.Add($"{TunnelConnectQuery.Temporary}=true");
        }

        if (!string.IsNullOrEmpty(resumeToken))
        {
            query.Add($"{TunnelConnectQuery.Resume}={Uri.EscapeDataString(resumeToken)}");
        }

        return new UriBuilder(server)
        {
            Scheme = scheme,
            Path = server.AbsolutePath.TrimEnd('/') + TunnelConnectQuery.Path,
            Query = string.Join('&', query),
        }.Uri;
    }

    /// <summary>The frame format version the relay announced in its answer (1 when it named none).</summary>
    public static int RelayVersion(ClientWebSocket socket)
    {
        var version = TunnelFrame.ParseVersion(First(socket.HttpResponseHeaders, TunnelFrame.VersionHeader));
        socket.HttpResponseHeaders = null; // read once; no need to hold them for the connection's life
        return version;
    }

    public static async Task<ClientWebSocket> DialAsync(CloudConnectorOptions options, Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the tunnel's own pings find a dead relay
        socket.Options.Proxy = null;
        socket.Options.SetRequestHeader(TunnelFrame.VersionHeader, TunnelFrame.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {options.ApiKey}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var status = (int)socket.HttpStatusCode;
            var headers = socket.HttpResponseHeaders;
            socket.Dispose();
            var server = options.ServerUrl.GetLeftPart(UriPartial.Authority);
            if (status == 0)
            {
                throw new CloudConnectorException($"Could not reach {server}: {Innermost(ex).Message}", innerException: ex);
            }

            var code = First(headers, TunnelConnectQuery.ErrorCodeHeader);
            var detail = First(headers, TunnelConnectQuery.ErrorDetailHeader) is { } escaped ? Uri.UnescapeDataString(escaped) : null;
            var message = detail ?? status switch
            {
                (int)HttpStatusCode.Unauthorized => "The relay refused the key.",
                (int)HttpStatusCode.NotFound => $"{server} has no tunnel relay (is it an MCP Bridge server?).",
                _ => $"The relay answered {status}.",
            };
            throw new CloudConnectorException(message, status, code, ex);
        }
    }

    private static string? First(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
