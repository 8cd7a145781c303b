using System.Buffers;
using System.Net.Sockets;

namespace McpBridge.Tunneling;

/// <summary>One direction of an upgraded (WebSocket) connection through a tunnel: raw bytes, flushed as they come.</summary>
public static class RawStreamCopy
{
    /// <summary>
    /// Copies until <paramref name="from"/> ends or either side fails, and returns the bytes copied. When the copy ends
    /// cleanly into a <see cref="TunnelStream"/>, the peer is told no more follows.
    /// </summary>
    public static async Task<long> CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        long total = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await to.FlushAsync(cancellationToken);
                total += read;
            }

            if (to is TunnelStream tunnel)
            {
                await tunnel.CompleteWritesAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // One side closed: the caller ends the other.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }
}
