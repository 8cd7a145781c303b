using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using McpBridge.Protocol.Tunnels;
using McpBridge.Tunneling;

namespace McpBridge.Client.Tunnels;

/// <summary>The agent's half of a request: sends what arrived on a tunnel stream to the local target and streams the answer back.</summary>
internal sealed class TargetForwarder : IDisposable
{
    private readonly Uri _target;
    private readonly string _basePath;
    private readonly HttpMessageInvoker _client;
    private readonly TimeSpan _headTimeout;
    private readonly Action<TunnelRequestEventArgs> _completed;

    public TargetForwarder(Uri target, TimeSpan headTimeout, Action<TunnelRequestEventArgs> completed)
    {
        _target = target;
        _basePath = target.AbsolutePath.TrimEnd('/');
        _headTimeout = headTimeout;
        _completed = completed;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        });
    }

    public Uri Target => _target;

    public async Task ForwardAsync(TunnelStream stream)
    {
        var head = stream.RequestHead!;
        var started = Stopwatch.GetTimestamp();
        var status = 0;
        long bytesIn = 0;
        // Counted as the body goes, so a copy that breaks off still reports what was sent.
        var bytesOut = new StrongBox<long>();
        CountingStream? counting = null;
        var aborted = stream.Aborted;
        try
        {
            if (stream.IsUpgrade)
            {
                status = await UpgradeForwarder.ForwardAsync(_target, _basePath, stream, aborted);
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(head.Method), new Uri(_target, _basePath + head.Target));
            counting = new CountingStream(stream);
            var content = stream.HasBody ? new StreamContent(counting, 32 * 1024) : null;
            request.Content = content;
            foreach (var (name, value) in head.Headers)
            {
                if (HopByHopHeaders.Contains(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    content?.Headers.TryAddWithoutValidation(name, value);
                }
            }

            HttpResponseMessage response;
            using (var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(aborted))
            {
                headTimeout.CancelAfter(_headTimeout);
                try
                {
                    response = await _client.SendAsync(request, headTimeout.Token);
                }
                catch (HttpRequestException ex)
                {
                    status = 502;
                    stream.Reset(TunnelResetCode.TargetUnavailable, $"The local target {_target.GetLeftPart(UriPartial.Authority)} could not be reached: {Describe(ex)}");
                    return;
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    status = 504;
                    stream.Reset(TunnelResetCode.TargetUnavailable, $"The local target {_target.GetLeftPart(UriPartial.Authority)} did not answer within {_headTimeout.TotalSeconds:0} s.");
                    return;
                }
            }

            using (response)
            {
                status = (int)response.StatusCode;
                var headers = new List<KeyValuePair<string, string>>();
                foreach (var (name, values) in response.Headers)
                {
                    if (!HopByHopHeaders.Contains(name))
                    {
                        headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
                    }
                }

                foreach (var (name, values) in response.Content.Headers)
                {
                    headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
                }

                var noBody = head.Method == "HEAD" || status is 204 or 304 || response.Content.Headers.ContentLength == 0;
                if (noBody)
                {
                    await stream.SendResponseAsync(new TunnelResponseHead(status, headers), endOfBody: true, aborted);
                }
                else
                {
                    await SendBodyAsync(stream, new TunnelResponseHead(status, headers), response.Content, bytesOut, aborted);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TunnelStreamResetException or IOException or HttpRequestException or EndOfStreamException)
        {
            // The client went away, the relay reset the stream, or the target broke off mid-body.
            stream.Reset(TunnelResetCode.Cancelled, "The request was abandoned.");
            if (status == 0)
            {
                status = 499;
            }
        }
        finally
        {
            bytesIn = counting?.BytesRead ?? 0;
            _completed(new TunnelRequestEventArgs(head.Method, head.Target, status, Stopwatch.GetElapsedTime(started), bytesIn, bytesOut.Value));
        }
    }

    /// <summary>
    /// Sends the head with what of the body is at hand already — all of a short answer of known length, or a streamed
    /// answer's first event and, when it came too, its end — then the rest as it comes. A read that would wait is never
    /// waited for before the head leaves, so an SSE client sees the head and each event as soon as the target sends them.
    /// </summary>
    private static async Task SendBodyAsync(TunnelStream stream, TunnelResponseHead head, HttpContent content, StrongBox<long> sent, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var length = content.Headers.ContentLength;
        // A short body of known length is worth waiting for: it then goes in the Response frame, one message instead of three.
        var waitForAll = length is <= TunnelFrame.MaxDataPayload;
        var buffer = ArrayPool<byte>.Shared.Rent(TunnelFrame.MaxDataPayload);
        try
        {
            var filled = 0;
            var ended = false;
            ValueTask<int> pending = default;
            var hasPending = false;
            while (filled < TunnelFrame.MaxDataPayload)
            {
                var read = body.ReadAsync(buffer.AsMemory(filled, TunnelFrame.MaxDataPayload - filled), cancellationToken);
                if (!read.IsCompleted && !waitForAll)
                {
                    pending = read;
                    hasPending = true;
                    break;
                }

                var count = await read;
                filled += count;
                if (count == 0 || filled == length)
                {
                    ended = true;
                    break;
                }
            }

            // The read still pending fills buffer[filled..], apart from the bytes this sends.
            await stream.SendResponseAsync(head, buffer.AsMemory(0, filled), ended, cancellationToken);
            sent.Value = filled;
            long total = filled;
            var offset = filled;
            while (!ended)
            {
                var count = hasPending ? await pending : await body.ReadAsync(buffer.AsMemory(0, TunnelFrame.MaxDataPayload), cancellationToken);
                var from = hasPending ? offset : 0;
                hasPending = false;
                if (count == 0)
                {
                    await stream.CompleteWritesAsync(cancellationToken);
                    break;
                }

                total += count;
                ended = total == length;
                // Each read is sent at once: an SSE event reaches the client as soon as the target writes it.
                await stream.WriteAsync(buffer.AsMemory(from, count), ended, cancellationToken);
                sent.Value = total;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is it running?)",
        SocketException { SocketErrorCode: SocketError.HostNotFound } => "host not found",
        SocketException s => s.Message,
        _ => ex.Message,
    };

    /// <summary>Counts the request body bytes the target read.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
