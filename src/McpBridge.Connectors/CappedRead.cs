using System.Buffers;

namespace McpBridge.Connectors;

/// <summary>Reads a response body or a process's output up to a cap, so that no source can fill the memory.</summary>
internal static class CappedRead
{
    private const int ChunkSize = 81920;

    /// <summary>The first <paramref name="cap"/> bytes of <paramref name="stream"/>, and whether there was more.</summary>
    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(Stream stream, int cap, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (buffer.Length < cap)
            {
                var read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(ChunkSize, cap - buffer.Length)), cancellationToken);
                if (read == 0)
                {
                    return (buffer.ToArray(), false);
                }

                buffer.Write(chunk, 0, read);
            }

            // One more byte tells output of exactly the cap from longer output.
            var more = await stream.ReadAsync(chunk.AsMemory(0, 1), cancellationToken);
            return (buffer.ToArray(), more > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
