using System.Net;
using System.Net.Http;
using McpBridge.Client;
using ModelContextProtocol.Client;

namespace McpBridge.Cli.Connect;

/// <summary>A failure of the remote side of the bridge, classified, with the line to show a person.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">One clear line, naming the endpoint.</param>
internal sealed record RemoteFailure(RemoteFailureKind Kind, string Message)
{
    /// <summary>
    /// Whether the bridge should stop: retrying cannot help when the key is refused, the endpoint is wrong or
    /// the network is down, and a client like Claude Desktop shows a dead server better than a hanging one.
    /// </summary>
    public bool IsFatal => Kind is not RemoteFailureKind.Other;

    /// <summary>The remote ended the session; <paramref name="reason"/> is what the transport said, if anything.</summary>
    public static RemoteFailure Closed(string endpoint, string? reason = null) =>
        new(RemoteFailureKind.Closed, $"the MCP server at {endpoint} closed the connection" + (string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.TrimEnd().TrimEnd('.')})"));

    public static RemoteFailure From(Exception exception, string endpoint)
    {
        if (FindStatus(exception) is { } status)
        {
            var http = $"HTTP {(int)status} {ReasonPhrase(status)}";
            return status switch
            {
                HttpStatusCode.Unauthorized => new(RemoteFailureKind.Unauthorized, $"the MCP server at {endpoint} refused the key ({http}); check --key"),
                HttpStatusCode.Forbidden => new(RemoteFailureKind.Forbidden, $"the MCP server at {endpoint} refused access ({http})"),
                HttpStatusCode.NotFound => new(RemoteFailureKind.NotFound, $"no MCP endpoint (or no such session) at {endpoint} ({http})"),
                _ => new(RemoteFailureKind.Other, $"the MCP server at {endpoint} answered {http}"),
            };
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or TimeoutException or System.Net.Sockets.SocketException)
            {
                var reason = current is TimeoutException ? "no answer in time" : McpBridgeConnectionException.DescribeReason(current);
                return new(RemoteFailureKind.Unreachable, $"cannot reach the MCP server at {endpoint}: {reason}");
            }
        }

        return new(RemoteFailureKind.Other, $"the MCP server at {endpoint} failed: {exception.Message.TrimEnd('.')}");
    }

    private static HttpStatusCode? FindStatus(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException { StatusCode: { } status }:
                    return status;
                case ClientTransportClosedException { Details: HttpClientCompletionDetails { HttpStatusCode: { } closedStatus } }:
                    return closedStatus;
            }
        }

        // The auto-detecting transport reports a failed Streamable HTTP attempt and a failed SSE attempt together.
        if (exception is AggregateException aggregate)
        {
            return aggregate.InnerExceptions.Select(FindStatus).FirstOrDefault(s => s is not null);
        }

        return null;
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        _ => status.ToString(),
    };
}
