using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling;

public sealed partial class TunnelConnection
{
    /// <summary>
    /// Reads and dispatches frames until the peer closes, the socket fails or <paramref name="cancellationToken"/> fires.
    /// Waiting holds no buffer: an idle connection costs only its objects.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reason = "The tunnel connection was closed.";
        try
        {
            using var stop = cancellationToken.Register(static s => ((TunnelConnection)s!).Abort("The tunnel connection was closed."), this);
            while (!_closed.IsCancellationRequested)
            {
                var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    reason = _socket.CloseStatusDescription is { Length: > 0 } description ? description : "The peer closed the tunnel connection.";
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await CloseAsync(reason, CancellationToken.None);
                    }

                    break;
                }

                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                var buffer = ArrayPool<byte>.Shared.Rent(TunnelFrame.HeaderLength + TunnelFrame.MaxDataPayload);
                try
                {
                    var length = 0;
                    while (true)
                    {
                        if (length == buffer.Length)
                        {
                            if (buffer.Length >= TunnelFrame.MaxFrameLength)
                            {
                                Abort("The peer sent a frame over the size limit.");
                                return;
                            }

                            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, TunnelFrame.MaxFrameLength));
                            buffer.AsSpan(0, length).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }

                        var result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            reason = "The peer closed the tunnel connection.";
                            return;
                        }

                        length += result.Count;
                        if (result.EndOfMessage)
                        {
                            break;
                        }
                    }

                    if (!Dispatch(buffer.AsSpan(0, length)))
                    {
                        Abort("The peer broke the tunnel protocol.");
                        return;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            reason = "The tunnel connection was lost.";
        }
        finally
        {
            if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
            {
                _socket.Abort();
            }

            Interlocked.CompareExchange(ref _closeReason, reason, null);
            Shutdown(CloseReason ?? reason);
        }
    }

    /// <summary>Handles one frame; false when the frame breaks the protocol badly enough to drop the connection.</summary>
    private bool Dispatch(ReadOnlySpan<byte> frame, bool inBatch = false)
    {
        if (!TunnelFrame.TryReadHeader(frame, out var type, out var flags, out var id))
        {
            return false;
        }

        var payload = frame[TunnelFrame.HeaderLength..];
        switch (type)
        {
            case TunnelFrameType.Batch:
                return !inBatch && id == 0 && DispatchBatch(payload);
            case TunnelFrameType.Open:
                return OnOpen(id, flags, payload);
            case TunnelFrameType.Response:
                if (Streams.TryGetValue(id, out var forResponse))
                {
                    var inline = (flags & TunnelFrameFlags.InlineBody) != 0;
                    if (!TunnelResponseHead.TryRead(payload, out var head, out var consumed) || (!inline && consumed != payload.Length))
                    {
                        forResponse.ResetFromLocal(TunnelResetCode.ProtocolError, "The agent sent a malformed response head.");
                        return true;
                    }

                    if (inline)
                    {
                        // The data first: whoever wakes on the head finds the body's beginning there already.
                        forResponse.OnData(payload[consumed..]);
                    }

                    forResponse.OnResponse(head, (flags & TunnelFrameFlags.EndOfBody) != 0);
                }

                return true;
            case TunnelFrameType.Data:
                if (Streams.TryGetValue(id, out var forData))
                {
                    forData.OnData(payload);
                    if ((flags & TunnelFrameFlags.EndOfBody) != 0)
                    {
                        forData.OnRemoteEnd();
                    }
                }

                return true;
            case TunnelFrameType.End:
                if (Streams.TryGetValue(id, out var forEnd))
                {
                    forEnd.OnRemoteEnd();
                }

                return true;
            case TunnelFrameType.Reset:
                if (Streams.TryRemove(id, out var forReset))
                {
                    var code = payload.IsEmpty ? TunnelResetCode.Cancelled : (TunnelResetCode)payload[0];
                    var reason = payload.Length > 1 ? Encoding.UTF8.GetString(payload[1..]) : "The peer reset the stream.";
                    forReset.OnReset(code, reason, connectionLost: false);
                }

                return true;
            case TunnelFrameType.Window:
                if (payload.Length != 4)
                {
                    return false;
                }

                if (Streams.TryGetValue(id, out var forWindow))
                {
                    forWindow.OnWindow(BinaryPrimitives.ReadUInt32BigEndian(payload));
                }

                return true;
            case TunnelFrameType.Ping:
                SendControlInBackground(TunnelFrameType.Pong, 0, payload.ToArray());
                return true;
            case TunnelFrameType.Pong:
                return true;
            case TunnelFrameType.Notice:
                if (TunnelNotice.FromUtf8Json(payload) is { } notice)
                {
                    _options.NoticeReceived?.Invoke(notice);
                }

                return true;
            default:
                // Unknown frame types are skipped, so that a newer peer can add some.
                return true;
        }
    }

    private bool DispatchBatch(ReadOnlySpan<byte> frames)
    {
        while (!frames.IsEmpty)
        {
            if (frames.Length < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(frames);
            if (length > (uint)(frames.Length - 4) || !Dispatch(frames.Slice(4, (int)length), inBatch: true))
            {
                return false;
            }

            frames = frames[(4 + (int)length)..];
        }

        return true;
    }

    private bool OnOpen(uint id, TunnelFrameFlags flags, ReadOnlySpan<byte> payload)
    {
        if (_options.AcceptStream is not { } accept || id % 2 == 0)
        {
            return false;
        }

        var inline = (flags & TunnelFrameFlags.InlineBody) != 0;
        if (!TunnelRequestHead.TryRead(payload, out var head, out var consumed) || (!inline && consumed != payload.Length))
        {
            SendControlInBackground(TunnelFrameType.Reset, id, [(byte)TunnelResetCode.ProtocolError]);
            return true;
        }

        if (Streams.Count >= _options.MaxConcurrentStreams)
        {
            SendControlInBackground(TunnelFrameType.Reset, id, [(byte)TunnelResetCode.Refused, .. "Too many concurrent requests through this tunnel."u8]);
            return true;
        }

        var stream = new TunnelStream(this, id, head) { IsUpgrade = (flags & TunnelFrameFlags.Upgrade) != 0, HasBody = inline || (flags & TunnelFrameFlags.EndOfBody) == 0 };
        if (!Streams.TryAdd(id, stream))
        {
            return false;
        }

        if (inline)
        {
            stream.OnData(payload[consumed..]);
        }

        if ((flags & TunnelFrameFlags.EndOfBody) != 0)
        {
            stream.OnRemoteEnd();
        }

        _ = RunHandlerAsync(accept, stream);
        return true;
    }

    private static async Task RunHandlerAsync(Func<TunnelStream, Task> accept, TunnelStream stream)
    {
        await Task.Yield();
        try
        {
            await accept(stream);
        }
        catch (Exception ex)
        {
            stream.ResetFromLocal(TunnelResetCode.InternalError, ex is TunnelStreamResetException ? ex.Message : "The agent failed to handle the request.");
        }
    }
}
