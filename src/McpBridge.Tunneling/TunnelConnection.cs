using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling;

/// <summary>
/// Many concurrent request streams over one WebSocket, each with its own flow-control window in each direction, so one
/// slow or endless response never holds up the others. The relay opens streams (<see cref="OpenStreamAsync(TunnelRequestHead, bool, CancellationToken, bool)"/>); the
/// agent accepts them (<see cref="TunnelConnectionOptions.AcceptStream"/>). <see cref="RunAsync"/> reads frames until
/// the socket closes.
/// </summary>
public sealed partial class TunnelConnection : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly TunnelConnectionOptions _options;
    private readonly FrameWriter _writer;
    // Made on first use: an idle agent's connection (thousands of them on a relay) never holds one.
    private ConcurrentDictionary<uint, TunnelStream>? _streams;
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeProvider _time;
    private int _nextStreamId = -1;
    private long _lastReceived;
    private string? _closeReason;

    /// <summary>Wraps an open WebSocket. Call <see cref="RunAsync"/> to start reading.</summary>
    public TunnelConnection(WebSocket socket, TunnelConnectionOptions? options = null)
    {
        _socket = socket;
        _options = options ?? new TunnelConnectionOptions();
        _time = _options.TimeProvider;
        _lastReceived = _time.GetTimestamp();
        _writer = new FrameWriter(socket, batches: _options.PeerVersion >= 2);
    }

    /// <summary>Cancelled when the connection is closed or lost.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the connection closed, once it has.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Streams open right now.</summary>
    public int OpenStreams => Volatile.Read(ref _streams)?.Count ?? 0;

    /// <summary>How long since the last frame arrived from the peer.</summary>
    public TimeSpan SinceLastReceived => _time.GetElapsedTime(Volatile.Read(ref _lastReceived));

    /// <summary>Opens a stream carrying a request. <paramref name="endOfBody"/>: the request has no body.</summary>
    public ValueTask<TunnelStream> OpenStreamAsync(TunnelRequestHead head, bool endOfBody, CancellationToken cancellationToken, bool upgrade = false) =>
        OpenStreamAsync(head, endOfBody, ReadOnlyMemory<byte>.Empty, upgrade, cancellationToken);

    /// <summary>
    /// Opens a stream carrying a request whose whole body is <paramref name="body"/> (at most
    /// <see cref="TunnelFrame.MaxDataPayload"/> bytes), sent in the same frame as the head.
    /// </summary>
    public ValueTask<TunnelStream> OpenStreamAsync(TunnelRequestHead head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        OpenStreamAsync(head, endOfBody: true, body, upgrade: false, cancellationToken);

    private async ValueTask<TunnelStream> OpenStreamAsync(TunnelRequestHead head, bool endOfBody, ReadOnlyMemory<byte> body, bool upgrade, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed.IsCancellationRequested, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Length, TunnelFrame.MaxDataPayload, nameof(body));
        var id = (uint)Interlocked.Add(ref _nextStreamId, 2);
        var stream = new TunnelStream(this, id, null);
        Streams[id] = stream;
        if (endOfBody)
        {
            stream.MarkLocalEnded();
        }

        stream.TakeInlineWindow(body.Length);
        var length = head.GetEncodedLength();
        var buffer = ArrayPool<byte>.Shared.Rent(TunnelFrame.HeaderLength + length + body.Length);
        try
        {
            var flags = (endOfBody ? TunnelFrameFlags.EndOfBody : TunnelFrameFlags.None) | (upgrade ? TunnelFrameFlags.Upgrade : TunnelFrameFlags.None) |
                (body.IsEmpty ? TunnelFrameFlags.None : TunnelFrameFlags.InlineBody);
            TunnelFrame.WriteHeader(buffer, TunnelFrameType.Open, flags, id);
            head.Write(buffer.AsSpan(TunnelFrame.HeaderLength));
            body.Span.CopyTo(buffer.AsSpan(TunnelFrame.HeaderLength + length));
            await SendRawAsync(buffer.AsMemory(0, TunnelFrame.HeaderLength + length + body.Length), cancellationToken);
        }
        catch
        {
            Forget(id);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return stream;
    }

    /// <summary>Sends a notice on stream 0 (relay to agent).</summary>
    public ValueTask SendNoticeAsync(TunnelNotice notice, CancellationToken cancellationToken) =>
        SendFrameAsync(TunnelFrameType.Notice, TunnelFrameFlags.None, 0, notice.ToUtf8Json(), cancellationToken);

    /// <summary>Sends a heartbeat; the peer answers with a pong, which counts as a sign of life.</summary>
    public ValueTask PingAsync(CancellationToken cancellationToken)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, _time.GetTimestamp());
        return SendFrameAsync(TunnelFrameType.Ping, TunnelFrameFlags.None, 0, payload.ToArray(), cancellationToken);
    }

    /// <summary>Closes the connection: open streams are reset, and the peer is told <paramref name="reason"/>.</summary>
    public async ValueTask CloseAsync(string reason, CancellationToken cancellationToken = default)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await _writer.WriteLastAsync(
                    (socket, token) => socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, Truncate(reason), token), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _socket.Abort();
        }

        Shutdown(reason);
    }

    /// <summary>Drops the connection at once (a dead peer): no close handshake.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        _socket.Abort();
        Shutdown(reason);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync("closed");
        _socket.Dispose();
    }

    /// <summary>The frame format version the peer announced.</summary>
    internal int PeerVersion => _options.PeerVersion;

    internal void Forget(uint id) => Volatile.Read(ref _streams)?.TryRemove(id, out _);

    /// <summary>The open streams by id (one lock: a connection's streams come and go at a pace one lock serves).</summary>
    private ConcurrentDictionary<uint, TunnelStream> Streams =>
        Volatile.Read(ref _streams) ?? Interlocked.CompareExchange(ref _streams, new(concurrencyLevel: 1, capacity: 7), null) ?? _streams;

    /// <summary>A frame whose payload fits in memory already (heads, control frames).</summary>
    internal async ValueTask SendFrameAsync(TunnelFrameType type, TunnelFrameFlags flags, uint streamId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var length = TunnelFrame.HeaderLength + payload.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            TunnelFrame.WriteHeader(buffer, type, flags, streamId);
            payload.Span.CopyTo(buffer.AsSpan(TunnelFrame.HeaderLength));
            await SendRawAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A Response frame whose head and inline body are written straight into the one buffer that is sent.</summary>
    internal async ValueTask SendResponseFrameAsync(uint streamId, TunnelFrameFlags flags, TunnelResponseHead head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var headLength = head.GetEncodedLength();
        var length = TunnelFrame.HeaderLength + headLength + body.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            TunnelFrame.WriteHeader(buffer, TunnelFrameType.Response, flags, streamId);
            head.Write(buffer.AsSpan(TunnelFrame.HeaderLength));
            body.Span.CopyTo(buffer.AsSpan(TunnelFrame.HeaderLength + headLength));
            await SendRawAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal ValueTask SendResetAsync(uint streamId, TunnelResetCode code, string reason, CancellationToken cancellationToken)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(Truncate(reason));
        var payload = new byte[1 + reasonBytes.Length];
        payload[0] = (byte)code;
        reasonBytes.CopyTo(payload, 1);
        return SendFrameAsync(TunnelFrameType.Reset, TunnelFrameFlags.None, streamId, payload, cancellationToken);
    }

    /// <summary>
    /// Sends a control frame without making the caller wait for the socket: the read loop must never block on a send,
    /// or two peers with full buffers would wait on each other forever.
    /// </summary>
    internal void SendControlInBackground(TunnelFrameType type, uint streamId, byte[] payload)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        _ = SendControlAsync(type, streamId, payload);
    }

    private async Task SendControlAsync(TunnelFrameType type, uint streamId, byte[] payload)
    {
        try
        {
            await SendFrameAsync(type, TunnelFrameFlags.None, streamId, payload, _closed.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or TunnelStreamResetException)
        {
            // The connection is going away; its read loop reports that.
        }
    }

    internal async ValueTask SendRawAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (_closed.IsCancellationRequested)
        {
            throw new TunnelStreamResetException(TunnelResetCode.Cancelled, CloseReason ?? "The tunnel connection is closed.", connectionLost: true);
        }

        try
        {
            await _writer.WriteAsync(frame, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            Abort("The tunnel connection was lost.");
            throw new TunnelStreamResetException(TunnelResetCode.Cancelled, "The tunnel connection was lost.", connectionLost: true);
        }
    }

    private void Shutdown(string reason)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _closed.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered on Closed threw; the connection is closed regardless.
        }

        if (Volatile.Read(ref _streams) is not { } streams)
        {
            return;
        }

        foreach (var stream in streams.Values)
        {
            stream.OnReset(TunnelResetCode.Cancelled, reason, connectionLost: true);
        }

        streams.Clear();
    }

    private static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];
}
