using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace McpBridge.Client;

/// <summary>
/// The MCP Bridge server could not be reached, or did not answer in time: nothing the server decided, but
/// the network between (connection refused, unknown host, TLS failure, timeout).
/// </summary>
public sealed class McpBridgeConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="serverUrl">The server's base URL.</param>
    /// <param name="reason">Why, in a few words, e.g. <c>connection refused</c>.</param>
    /// <param name="innerException">The underlying failure.</param>
    public McpBridgeConnectionException(Uri serverUrl, string reason, Exception? innerException = null)
        : base($"cannot reach the MCP Bridge server at {serverUrl.AbsoluteUri.TrimEnd('/')}: {reason}", innerException)
    {
        ServerUrl = serverUrl;
        Reason = reason;
    }

    /// <summary>The server's base URL.</summary>
    public Uri ServerUrl { get; }

    /// <summary>Why the server could not be reached, in a few words.</summary>
    public string Reason { get; }

    /// <summary>
    /// Describes a network failure in a few words a person can act on (<c>connection refused</c>,
    /// <c>host not found</c>, ...), looking through wrapped exceptions for the root cause.
    /// </summary>
    /// <param name="exception">The failure, typically an <see cref="HttpRequestException"/>.</param>
    public static string DescribeReason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "host not found";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return "connection timed out";
                case SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable }:
                    return "network unreachable";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return "connection reset";
                case AuthenticationException:
                    return "TLS handshake failed (" + current.Message.TrimEnd('.') + ")";
            }
        }

        if (exception is HttpRequestException { HttpRequestError: var error } && error != HttpRequestError.Unknown)
        {
            return error switch
            {
                HttpRequestError.NameResolutionError => "host not found",
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                HttpRequestError.ResponseEnded => "the connection closed before a response arrived",
                HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
                _ => exception.Message.TrimEnd('.'),
            };
        }

        return exception.Message.TrimEnd('.');
    }
}
