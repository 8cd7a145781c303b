using System.Net.Sockets;

namespace McpBridge.Cli.Local;

/// <summary>Whether anything listens at an http-proxy target yet: a TCP connect, nothing sent.</summary>
internal static class TargetProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public static async Task<bool> AnswersAsync(Uri target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(target.IdnHost, target.Port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
