using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling;

/// <summary>
/// The one way frames reach a connection's WebSocket. A sender that finds the socket free writes its frame itself; one
/// that finds a write in progress copies its frame into a queue and goes on at once, and the sender whose write is in
/// progress sends the whole queue when it is done — as one <see cref="TunnelFrameType.Batch"/> message when the peer
/// reads them. Under load, many frames then cost one message, one socket write and one wake-up on the other side,
/// without a writer thread and its hand-offs; alone, a frame goes out as before, with no wait.
/// </summary>
internal sealed class FrameWriter(WebSocket socket, bool batches)
{
    // A batch is one message, so the queue stays within what a receiver accepts in one; a sender waits while it is full.
    private const int QueueCapacity = TunnelFrame.MaxFrameLength;
    private const int FirstQueueSize = 16 * 1024;

    // After this many rounds of writing the queue, the sender that did so gives the job to the thread pool and goes on
    // with its own work: under steady load the queue may never run dry.
    private const int MaxRoundsPerSender = 4;

    private readonly Lock _gate = new();
    private byte[]? _queue;
    private int _queued;
    private int _queuedFrames;
    private bool _writing;
    private TaskCompletionSource? _changed;
    private Exception? _failed;

    /// <summary>
    /// Sends <paramref name="frame"/>, or queues a copy of it behind the write in progress. Completes once the frame is
    /// written or queued; <paramref name="cancellationToken"/> ends only a wait for room, never a write under way (a
    /// cancelled WebSocket write would break the connection for every stream).
    /// </summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failed is not null)
            {
                return ValueTask.FromException(_failed);
            }

            if (!_writing)
            {
                _writing = true;
            }
            else if (TryEnqueue(frame.Span))
            {
                return ValueTask.CompletedTask;
            }
            else
            {
                return WaitThenWriteAsync(frame, cancellationToken);
            }
        }

        return WriteThenDrainAsync(frame);
    }

    /// <summary>
    /// Waits until no write is in progress and nothing is queued, then runs <paramref name="last"/> (the close handshake)
    /// alone on the socket. Frames queued meanwhile follow it, which fails them: a closed connection sends nothing more.
    /// </summary>
    public async ValueTask WriteLastAsync(Func<WebSocket, CancellationToken, Task> last, CancellationToken cancellationToken)
    {
        await WaitForTurnAsync(null, cancellationToken);
        try
        {
            await last(socket, cancellationToken);
        }
        finally
        {
            try
            {
                await DrainAsync(int.MaxValue);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                // Fail has recorded it.
            }
        }
    }

    private async ValueTask WaitThenWriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (await WaitForTurnAsync(frame, cancellationToken))
        {
            await WriteThenDrainAsync(frame);
        }
    }

    /// <summary>Waits until the caller holds the socket (true) or, given a frame, until the frame found room in the queue (false).</summary>
    private async ValueTask<bool> WaitForTurnAsync(ReadOnlyMemory<byte>? frame, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_failed is not null)
                {
                    throw _failed;
                }

                if (!_writing)
                {
                    _writing = true;
                    return true;
                }

                if (frame is { } queued && TryEnqueue(queued.Span))
                {
                    return false;
                }

                changed = (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private async ValueTask WriteThenDrainAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Fail(ex);
            throw;
        }

        if (await DrainAsync(MaxRoundsPerSender))
        {
            return;
        }

        // Still more: the thread pool takes over the writing (the queue is this object's, not the caller's).
        _ = Task.Run(async () =>
        {
            try
            {
                await DrainAsync(int.MaxValue);
            }
            catch (Exception)
            {
                // Fail has recorded it; the connection's read loop reports the loss.
            }
        });
    }

    /// <summary>Writes what is queued until the queue is empty (true) or after <paramref name="rounds"/> rounds (false, still writing).</summary>
    private async ValueTask<bool> DrainAsync(int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            byte[] queue;
            int length;
            int frames;
            TaskCompletionSource? changed;
            lock (_gate)
            {
                changed = _changed;
                _changed = null;
                if (_queued == 0)
                {
                    _writing = false;
                    if (_queue is { } idle)
                    {
                        _queue = null;
                        ArrayPool<byte>.Shared.Return(idle);
                    }

                    changed?.TrySetResult();
                    return true;
                }

                queue = _queue!;
                length = _queued;
                frames = _queuedFrames;
                _queue = null;
                _queued = 0;
                _queuedFrames = 0;
            }

            // Room in the queue again: senders waiting for it queue anew while this batch is written.
            changed?.TrySetResult();
            try
            {
                await WriteQueuedAsync(queue, length, frames);
            }
            catch (Exception ex)
            {
                Fail(ex);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(queue);
            }
        }

        return false;
    }

    /// <summary>The queue holds a batch's header space, then each frame with its 4-byte length before it.</summary>
    private async ValueTask WriteQueuedAsync(byte[] queue, int length, int frames)
    {
        if (frames == 1)
        {
            await socket.SendAsync(queue.AsMemory(TunnelFrame.HeaderLength + 4, length - TunnelFrame.HeaderLength - 4), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            return;
        }

        if (batches)
        {
            TunnelFrame.WriteHeader(queue, TunnelFrameType.Batch, TunnelFrameFlags.None, 0);
            await socket.SendAsync(queue.AsMemory(0, length), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            return;
        }

        var offset = TunnelFrame.HeaderLength;
        while (offset < length)
        {
            var frameLength = (int)BinaryPrimitives.ReadUInt32BigEndian(queue.AsSpan(offset));
            await socket.SendAsync(queue.AsMemory(offset + 4, frameLength), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            offset += 4 + frameLength;
        }
    }

    private bool TryEnqueue(ReadOnlySpan<byte> frame)
    {
        var used = _queued == 0 ? TunnelFrame.HeaderLength : _queued;
        var needed = used + 4 + frame.Length;
        if (needed > QueueCapacity)
        {
            return false;
        }

        if (_queue is null || _queue.Length < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(QueueCapacity, Math.Max(needed, Math.Max(FirstQueueSize, (_queue?.Length ?? 0) * 2))));
            if (_queue is { } smaller)
            {
                smaller.AsSpan(0, _queued).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(smaller);
            }

            _queue = larger;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_queue.AsSpan(used), (uint)frame.Length);
        frame.CopyTo(_queue.AsSpan(used + 4));
        _queued = needed;
        _queuedFrames++;
        return true;
    }

    private void Fail(Exception ex)
    {
        TaskCompletionSource? changed;
        lock (_gate)
        {
            _failed ??= ex;
            _writing = false;
            _queued = 0;
            _queuedFrames = 0;
            if (_queue is { } queue)
            {
                _queue = null;
                ArrayPool<byte>.Shared.Return(queue);
            }

            changed = _changed;
            _changed = null;
        }

        changed?.TrySetResult();
    }
}
