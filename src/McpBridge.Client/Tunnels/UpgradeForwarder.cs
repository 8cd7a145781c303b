using System.Net.Sockets;
using System.Text;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;

namespace McpBridge.Client.Tunnels;

/// <summary>
/// A WebSocket (or other HTTP/1.1 upgrade) through the tunnel: the agent replays the upgrade request to the target on a
/// raw TCP connection, sends back the target's answer, and from then on copies bytes both ways.
/// </summary>
internal static class UpgradeForwarder
{
    private const int MaxHeadBytes = 64 * 1024;

    public static async Task<int> ForwardAsync(Uri target, string basePath, TunnelStream stream, CancellationToken cancellationToken)
    {
        var head = stream.RequestHead!;
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(target.Host, target.Port, cancellationToken);
        }
        catch (SocketException ex)
        {
            stream.Reset(TunnelResetCode.TargetUnavailable, $"The local target {target.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}");
            return 502;
        }

        if (target.Scheme == "https")
        {
            stream.Reset(TunnelResetCode.TargetUnavailable, "WebSocket upgrades are forwarded to http:// targets only.");
            return 502;
        }

        await using var network = client.GetStream();
        var request = new StringBuilder();
        request.Append(head.Method).Append(' ').Append(basePath).Append(head.Target).Append(" HTTP/1.1\r\n");
        request.Append("Host: ").Append(target.Authority).Append("\r\n");
        foreach (var (name, value) in head.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || value.Contains('\r') || value.Contains('\n'))
            {
                continue;
            }

            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("\r\n");
        await network.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);

        // The answer's head, byte by byte up to the blank line: what follows belongs to the upgraded protocol.
        var headBytes = new List<byte>(1024);
        var one = new byte[1];
        while (!EndsWithBlankLine(headBytes))
        {
            if (headBytes.Count >= MaxHeadBytes || await network.ReadAsync(one, cancellationToken) == 0)
            {
                stream.Reset(TunnelResetCode.TargetUnavailable, "The local target closed the connection during the upgrade.");
                return 502;
            }

            headBytes.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. headBytes]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], out var status))
        {
            stream.Reset(TunnelResetCode.TargetUnavailable, "The local target answered the upgrade with something that is not HTTP.");
            return 502;
        }

        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim()))
            .ToList();
        await stream.SendResponseAsync(new TunnelResponseHead(status, headers), endOfBody: false, cancellationToken);

        var up = RawStreamCopy.CopyAsync(stream, network, cancellationToken);
        var down = RawStreamCopy.CopyAsync(network, stream, cancellationToken);
        await Task.WhenAny(up, down);
        await stream.CompleteWritesAsync(CancellationToken.None);
        client.Client.Shutdown(SocketShutdown.Both);
        return status;
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
