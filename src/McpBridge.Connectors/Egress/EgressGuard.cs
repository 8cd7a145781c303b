using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpBridge.Connectors.Egress;

/// <summary>
/// Decides whether a hosted tool may connect to a host, and makes HTTP handlers that enforce it. The check runs
/// at connect time on the addresses the guard resolved itself, and the socket connects to exactly those
/// addresses, so DNS cannot answer differently between the check and the connection (rebinding); redirects open
/// their connections through the same path.
/// </summary>
public sealed partial class EgressGuard
{
    private readonly EgressOptions _options;
    private readonly (string Host, int? Port)[] _allowedHosts;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly ILogger _logger;

    public EgressGuard(IOptions<EgressOptions> options, ILoggerFactory? loggerFactory = null)
        : this(options.Value, loggerFactory)
    {
    }

    public EgressGuard(EgressOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, Dns.GetHostAddressesAsync, loggerFactory)
    {
    }

    /// <summary>For tests: a resolver that answers what a hostile DNS server might.</summary>
    internal EgressGuard(EgressOptions options, Func<string, CancellationToken, Task<IPAddress[]>> resolve, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        // Parsed once: IsAllowedHost runs for every connection.
        _allowedHosts = options.AllowedHosts
            .Select(entry => TryParseHostEntry(entry, out var host, out var port) ? (host, port) : ((string, int?)?)null)
            .OfType<(string Host, int? Port)>()
            .ToArray();
        _resolve = resolve;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EgressGuard>();
    }

    /// <summary>Whether every destination is allowed (<see cref="EgressOptions.AllowPrivateNetworks"/>), e.g. for local sockets.</summary>
    public bool AllowsPrivateNetworks => _options.AllowPrivateNetworks;

    /// <summary>
    /// Resolves <paramref name="host"/> and returns its addresses when every one of them may be reached; throws
    /// <see cref="EgressRefusedException"/> when any may not (an attacker's name that resolves to both a public
    /// and a private address must not get a chance at the private one). For non-HTTP clients: connect to one of
    /// the returned addresses, not to the name again.
    /// </summary>
    public async ValueTask<IReadOnlyList<IPAddress>> EnsureAllowedAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var name = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses = IPAddress.TryParse(name, out var literal)
            ? [literal]
            : await _resolve(name, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (_options.AllowPrivateNetworks || IsAllowedHost(name, port))
        {
            return addresses;
        }

        foreach (var address in addresses)
        {
            var kind = AddressPolicy.Classify(address);
            if (kind == AddressKind.Public)
            {
                continue;
            }

            Log.Refused(_logger, name, port, address.ToString());
            var shown = literal is null ? $"{name} ({address})" : address.ToString();
            throw new EgressRefusedException(kind == AddressKind.Private
                ? $"refusing to connect to {shown}: private or loopback address"
                : $"refusing to connect to {shown}: reserved or non-routable address");
        }

        return addresses;
    }

    /// <summary>
    /// An HTTP handler whose every connection, including those opened to follow redirects, goes through
    /// <see cref="EnsureAllowedAsync"/>. Proxies are not used: a proxy would resolve and connect on our behalf,
    /// out of the guard's sight.
    /// </summary>
    public SocketsHttpHandler CreateHttpHandler(bool allowAutoRedirect = true) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = allowAutoRedirect,
        MaxAutomaticRedirections = 5,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Whether <paramref name="host"/> (with <paramref name="port"/>) is in <see cref="EgressOptions.AllowedHosts"/>.</summary>
    public bool IsAllowedHost(string host, int port)
    {
        var name = Normalize(host);
        foreach (var (allowedHost, allowedPort) in _allowedHosts)
        {
            if (string.Equals(allowedHost, name, StringComparison.OrdinalIgnoreCase) && (allowedPort is null || allowedPort == port))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses an <see cref="EgressOptions.AllowedHosts"/> entry: <c>host</c>, <c>host:port</c>, <c>::1</c> or <c>[::1]:port</c>.</summary>
    internal static bool TryParseHostEntry(string entry, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        var text = entry.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = Normalize(text[1..close]);
            var rest = text[(close + 1)..];
            if (rest.Length == 0)
            {
                return true;
            }

            if (!rest.StartsWith(':') || !int.TryParse(rest[1..], out var bracketedPort) || bracketedPort is < 1 or > 65535)
            {
                return false;
            }

            port = bracketedPort;
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            if (!int.TryParse(text[(colon + 1)..], out var parsedPort) || parsedPort is < 1 or > 65535)
            {
                return false;
            }

            host = Normalize(text[..colon]);
            port = parsedPort;
            return host.Length > 0;
        }

        // No port, or a bare IPv6 address (more than one colon).
        host = Normalize(text);
        return true;
    }

    private static string Normalize(string host)
    {
        var name = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return name.TrimEnd('.');
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await EnsureAllowedAsync(endpoint.Host, endpoint.Port, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refused a connection to {Host}:{Port} ({Address}): not a public address. Add it to Egress:AllowedHosts to allow it.")]
        public static partial void Refused(ILogger logger, string host, int port, string address);
    }
}
