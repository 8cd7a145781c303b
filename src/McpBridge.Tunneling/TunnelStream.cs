using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling;

/// <summary>
/// One request's stream inside a <see cref="TunnelConnection"/>. Reading gives the peer's body bytes (the request body
/// on the agent, the response body on the relay); writing sends ours, never more than the peer's window allows, so a
/// slow reader slows only its own stream and memory stays bounded.
/// </summary>
public sealed class TunnelStream : Stream
{
    private readonly TunnelConnection _connection;
    // The receive window is the bound: pausing here would block the connection's read loop, so never pause.
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<TunnelResponseHead> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _aborted;
    private TaskCompletionSource? _windowWaiter;
    private long _sendWindow = TunnelFrame.InitialWindow;
    private long _receiveWindow = TunnelFrame.InitialWindow;
    private int _unacknowledged;
    private bool _localEnded;
    private bool _remoteEnded;
    private TunnelStreamResetException? _reset;

    internal TunnelStream(TunnelConnection connection, uint id, TunnelRequestHead? requestHead)
    {
        _connection = connection;
        Id = id;
        RequestHead = requestHead;
    }

    /// <summary>The stream's id on its connection.</summary>
    public uint Id { get; }

    /// <summary>The request, on a stream the peer opened (the agent's side).</summary>
    public TunnelRequestHead? RequestHead { get; }

    /// <summary>The request has a body to read (on a stream the peer opened).</summary>
    public bool HasBody { get; init; }

    /// <summary>The request asks for a protocol upgrade (a WebSocket): after the response head, bytes flow raw both ways.</summary>
    public bool IsUpgrade { get; init; }

    /// <summary>The response head, on a stream this side opened (the relay's side). Faults when the stream is reset first.</summary>
    public Task<TunnelResponseHead> Response => _response.Task;

    /// <summary>Cancelled when the stream is reset by either side or its connection is lost.</summary>
    public CancellationToken Aborted
    {
        get
        {
            lock (_gate)
            {
                _aborted ??= new CancellationTokenSource();
                if (_reset is not null)
                {
                    _aborted.Cancel();
                }

                return _aborted.Token;
            }
        }
    }

    /// <summary>Sends the response head (the agent's side). <paramref name="endOfBody"/>: no body follows.</summary>
    public async ValueTask SendResponseAsync(TunnelResponseHead head, bool endOfBody, CancellationToken cancellationToken)
    {
        ThrowIfReset();
        if (endOfBody)
        {
            MarkLocalEnded();
        }

        await _connection.SendResponseFrameAsync(Id, endOfBody ? TunnelFrameFlags.EndOfBody : TunnelFrameFlags.None, head, ReadOnlyMemory<byte>.Empty, cancellationToken);
        ForgetIfDone();
    }

    /// <summary>
    /// Sends the response head with the whole body (at most <see cref="TunnelFrame.MaxDataPayload"/> bytes) in one
    /// frame: a short response costs one message instead of three.
    /// </summary>
    public ValueTask SendResponseAsync(TunnelResponseHead head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        SendResponseAsync(head, body, endOfBody: true, cancellationToken);

    /// <summary>
    /// Sends the response head with the body's first bytes (at most <see cref="TunnelFrame.MaxDataPayload"/>) in one
    /// frame; <paramref name="endOfBody"/>: they are the whole body. A streamed answer whose first event is already at
    /// hand then costs one message, not two or three. (To a peer of format version 1, the head and the bytes go in two.)
    /// </summary>
    public async ValueTask SendResponseAsync(TunnelResponseHead head, ReadOnlyMemory<byte> body, bool endOfBody, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Length, TunnelFrame.MaxDataPayload, nameof(body));
        if (body.IsEmpty || (!endOfBody && _connection.PeerVersion < 2))
        {
            await SendResponseAsync(head, endOfBody: endOfBody && body.IsEmpty, cancellationToken);
            await WriteAsync(body, endOfBody, cancellationToken);
            return;
        }

        ThrowIfReset();
        TakeInlineWindow(body.Length);
        if (endOfBody)
        {
            MarkLocalEnded();
        }

        var flags = TunnelFrameFlags.InlineBody | (endOfBody ? TunnelFrameFlags.EndOfBody : TunnelFrameFlags.None);
        await _connection.SendResponseFrameAsync(Id, flags, head, body, cancellationToken);
        ForgetIfDone();
    }

    /// <summary>Tells the peer no more body follows from this side.</summary>
    public async ValueTask CompleteWritesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_localEnded || _reset is not null)
            {
                return;
            }

            _localEnded = true;
        }

        await _connection.SendFrameAsync(TunnelFrameType.End, TunnelFrameFlags.None, Id, ReadOnlyMemory<byte>.Empty, cancellationToken);
        ForgetIfDone();
    }

    /// <summary>Aborts the stream both ways and tells the peer why.</summary>
    public void Reset(TunnelResetCode code, string reason) => ResetFromLocal(code, reason);

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        ReadResult result;
        try
        {
            result = await _input.Reader.ReadAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The reader was completed: the stream is over.
            ThrowIfReset();
            return 0;
        }

        var readable = result.Buffer;
        if (readable.IsEmpty && result.IsCompleted)
        {
            _input.Reader.AdvanceTo(readable.End);
            ThrowIfReset();
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, readable.Length);
        readable.Slice(0, count).CopyTo(buffer.Span);
        _input.Reader.AdvanceTo(readable.GetPosition(count));
        Acknowledge(count);
        return count;
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        WriteAsync(buffer, endOfBody: false, cancellationToken);

    /// <summary>
    /// Sends body bytes; <paramref name="endOfBody"/> makes them the last (one frame fewer than a separate
    /// <see cref="CompleteWritesAsync"/>, which a short response notices).
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, bool endOfBody, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty && endOfBody)
        {
            await CompleteWritesAsync(cancellationToken);
            return;
        }

        while (!buffer.IsEmpty)
        {
            var allowed = await TakeSendWindowAsync(Math.Min(buffer.Length, TunnelFrame.MaxDataPayload), cancellationToken);
            var last = endOfBody && allowed == buffer.Length;
            if (last)
            {
                MarkLocalEnded();
            }

            await _connection.SendFrameAsync(TunnelFrameType.Data, last ? TunnelFrameFlags.EndOfBody : TunnelFrameFlags.None, Id, buffer[..allowed], cancellationToken);
            buffer = buffer[allowed..];
            if (last)
            {
                ForgetIfDone();
            }
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Disposing a stream that is not finished both ways resets it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            bool finished;
            lock (_gate)
            {
                finished = _reset is not null || (_localEnded && _remoteEnded);
            }

            if (!finished)
            {
                ResetFromLocal(TunnelResetCode.Cancelled, "The stream was abandoned.");
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>An inline body counts against the peer's window like Data does (it fits in a fresh window).</summary>
    internal void TakeInlineWindow(int length)
    {
        lock (_gate)
        {
            _sendWindow -= length;
        }
    }

    internal void MarkLocalEnded()
    {
        lock (_gate)
        {
            _localEnded = true;
        }
    }

    internal void OnResponse(TunnelResponseHead head, bool endOfBody)
    {
        // The end first: whoever wakes on the head finds the whole of a short answer, and writes it in one go.
        if (endOfBody)
        {
            OnRemoteEnd();
        }

        _response.TrySetResult(head);
    }

    internal void OnData(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_reset is not null || _remoteEnded)
            {
                return;
            }

            _receiveWindow -= payload.Length;
            if (_receiveWindow < 0)
            {
                // The peer ignored our window: dropping its bytes is the only way to keep memory bounded.
                _receiveWindow = 0;
                goto violated;
            }

            // Under the lock, so a reset cannot complete the writer halfway; never blocks, as the pipe does not pause.
            _input.Writer.Write(payload);
            _ = _input.Writer.FlushAsync();
        }

        return;

    violated:
        ResetFromLocal(TunnelResetCode.ProtocolError, "The peer sent more than its window allowed.");
    }

    internal void OnRemoteEnd()
    {
        lock (_gate)
        {
            if (_remoteEnded)
            {
                return;
            }

            _remoteEnded = true;
            if (_reset is null)
            {
                _input.Writer.Complete();
            }
        }

        ForgetIfDone();
    }

    internal void OnWindow(uint increment)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _sendWindow += increment;
            waiter = _windowWaiter;
            _windowWaiter = null;
        }

        waiter?.TrySetResult();
    }

    internal void OnReset(TunnelResetCode code, string reason, bool connectionLost)
    {
        TaskCompletionSource? waiter;
        CancellationTokenSource? aborted;
        var exception = new TunnelStreamResetException(code, reason, connectionLost);
        lock (_gate)
        {
            if (_reset is not null)
            {
                return;
            }

            _reset = exception;
            waiter = _windowWaiter;
            _windowWaiter = null;
            aborted = _aborted;
            if (!_remoteEnded)
            {
                _input.Writer.Complete(exception);
            }
        }

        _response.TrySetException(exception);
        _ = _response.Task.Exception; // observed: nobody may be waiting for a response head on this side
        waiter?.TrySetException(exception);
        try
        {
            aborted?.Cancel();
        }
        catch (AggregateException)
        {
            // A registration threw; the stream is reset regardless.
        }
    }

    internal void ResetFromLocal(TunnelResetCode code, string reason)
    {
        lock (_gate)
        {
            if (_reset is not null)
            {
                return;
            }
        }

        OnReset(code, reason, connectionLost: false);
        _connection.Forget(Id);
        _ = SendResetQuietlyAsync(code, reason);
    }

    private async Task SendResetQuietlyAsync(TunnelResetCode code, string reason)
    {
        try
        {
            await _connection.SendResetAsync(Id, code, reason, _connection.Closed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TunnelStreamResetException or ObjectDisposedException)
        {
            // The connection is gone: so is the stream on the other side.
        }
    }

    private async ValueTask<int> TakeSendWindowAsync(int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_gate)
            {
                if (_reset is not null)
                {
                    throw _reset;
                }

                if (_localEnded)
                {
                    throw new InvalidOperationException("The stream's writes were completed.");
                }

                if (_sendWindow > 0)
                {
                    var allowed = (int)Math.Min(wanted, _sendWindow);
                    _sendWindow -= allowed;
                    return allowed;
                }

                waiter = _windowWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private void Acknowledge(int count)
    {
        int grant;
        lock (_gate)
        {
            _unacknowledged += count;
            if (_unacknowledged < TunnelFrame.InitialWindow / 4 || _remoteEnded || _reset is not null)
            {
                return;
            }

            grant = _unacknowledged;
            _unacknowledged = 0;
            _receiveWindow += grant;
        }

        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)grant);
        _connection.SendControlInBackground(TunnelFrameType.Window, Id, payload);
    }

    private void ForgetIfDone()
    {
        bool done;
        lock (_gate)
        {
            done = _localEnded && _remoteEnded;
        }

        if (done)
        {
            _connection.Forget(Id);
        }
    }

    private void ThrowIfReset()
    {
        lock (_gate)
        {
            if (_reset is not null)
            {
                throw _reset;
            }
        }
    }
}
