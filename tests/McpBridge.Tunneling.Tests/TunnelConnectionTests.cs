using System.Security.Cryptography;
using System.Text;
using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling.Tests;

public sealed class TunnelConnectionTests
{
    private static readonly TunnelRequestHead s_get = new("GET", "/x", []);

    [Fact]
    public async Task OpenStream_CarriesHeadAndBodiesBothWays()
    {
        TunnelRequestHead? seen = null;
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            seen = stream.RequestHead;
            var body = await new StreamReader(stream).ReadToEndAsync();
            await stream.SendResponseAsync(new TunnelResponseHead(201, [new("X-Body", body)]), endOfBody: false, CancellationToken.None);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("réponse"));
            await stream.CompleteWritesAsync(CancellationToken.None);
        });

        var head = new TunnelRequestHead("POST", "/a/b?c=d", [new("Content-Type", "text/plain"), new("X-Ünïcode", "✓")]);
        await using var stream = await pair.Relay.OpenStreamAsync(head, endOfBody: false, CancellationToken.None);
        await stream.WriteAsync(Encoding.UTF8.GetBytes("hello"));
        await stream.CompleteWritesAsync(CancellationToken.None);
        var response = await stream.Response;

        Assert.Equal(201, response.Status);
        Assert.Equal(new KeyValuePair<string, string>("X-Body", "hello"), response.Headers.Single());
        Assert.Equal("réponse", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(head, seen! with { Headers = head.Headers });
        Assert.Equal(head.Headers, seen!.Headers);
        Assert.Equal(0, pair.Relay.OpenStreams);
    }

    [Fact]
    public async Task Writer_StopsAtThePeersWindow_AndResumesWhenItReads()
    {
        var accepted = new TaskCompletionSource<TunnelStream>();
        await using var pair = await SocketPair.CreateAsync(stream =>
        {
            accepted.SetResult(stream);
            return Task.Delay(Timeout.Infinite, stream.Aborted).ContinueWith(_ => { });
        });
        await using var stream = await pair.Relay.OpenStreamAsync(s_get, endOfBody: false, CancellationToken.None);
        var agentSide = await accepted.Task;

        // A whole window goes out without the reader reading a byte...
        await stream.WriteAsync(new byte[TunnelFrame.InitialWindow]);
        // ...and not one byte more.
        var blocked = stream.WriteAsync(new byte[1]).AsTask();
        await pair.Relay.PingAsync(CancellationToken.None);
        Assert.False(blocked.IsCompleted);

        // Reading a quarter of the window gives it back to the writer.
        var buffer = new byte[TunnelFrame.InitialWindow / 4];
        var read = 0;
        while (read < buffer.Length)
        {
            read += await agentSide.ReadAsync(buffer.AsMemory(read));
        }

        await blocked.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task StreamAtItsWindow_DoesNotHoldUpAnotherStream()
    {
        var big = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            if (stream.RequestHead!.Target == "/stuck")
            {
                // Never reads its body.
                await Task.Delay(Timeout.Infinite, stream.Aborted).ContinueWith(_ => { });
                return;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[50_000];
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }

            await stream.SendResponseAsync(new TunnelResponseHead(200, [new("X-Hash", Convert.ToHexString(hash.GetHashAndReset()))]), endOfBody: true, CancellationToken.None);
        });

        await using var stuck = await pair.Relay.OpenStreamAsync(s_get with { Target = "/stuck" }, endOfBody: false, CancellationToken.None);
        await stuck.WriteAsync(new byte[TunnelFrame.InitialWindow]);
        var stuckWrite = stuck.WriteAsync(new byte[1000]).AsTask();

        await using var other = await pair.Relay.OpenStreamAsync(s_get with { Target = "/other" }, endOfBody: false, CancellationToken.None);
        await other.WriteAsync(big);
        await other.CompleteWritesAsync(CancellationToken.None);
        var response = await other.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Convert.ToHexString(SHA256.HashData(big)), response.Headers.Single().Value);
        Assert.False(stuckWrite.IsCompleted);
    }

    [Fact]
    public async Task PeerSendingPastItsWindow_HasItsStreamReset()
    {
        var accepted = new TaskCompletionSource<TunnelStream>();
        await using var pair = await SocketPair.CreateAsync(stream =>
        {
            accepted.SetResult(stream);
            return Task.Delay(Timeout.Infinite, stream.Aborted).ContinueWith(_ => { });
        });
        await using var stream = await pair.Relay.OpenStreamAsync(s_get, endOfBody: false, CancellationToken.None);
        var agentSide = await accepted.Task;

        // Bypasses the window, as a broken or hostile peer would.
        var chunk = new byte[TunnelFrame.MaxDataPayload];
        for (var sent = 0; sent <= TunnelFrame.InitialWindow; sent += chunk.Length)
        {
            await pair.Relay.SendFrameAsync(TunnelFrameType.Data, TunnelFrameFlags.None, stream.Id, chunk, CancellationToken.None);
        }

        var reset = await Assert.ThrowsAsync<TunnelStreamResetException>(() => stream.Response.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(TunnelResetCode.ProtocolError, reset.Code);
        Assert.True(agentSide.Aborted.IsCancellationRequested);
    }

    [Fact]
    public async Task Reset_ReachesThePeer_AsAnAbortedStream()
    {
        var aborted = new TaskCompletionSource();
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            await Task.Delay(Timeout.Infinite, stream.Aborted).ContinueWith(_ => { });
            aborted.SetResult();
        });
        var stream = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);

        stream.Reset(TunnelResetCode.Cancelled, "client went away");

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TunnelStreamResetException>(() => stream.Response);
    }

    [Fact]
    public async Task AgentHandlerThatThrows_ResetsOnlyItsStream()
    {
        await using var pair = await SocketPair.CreateAsync(stream =>
            stream.RequestHead!.Target == "/boom"
                ? throw new InvalidOperationException("secret detail")
                : stream.SendResponseAsync(new TunnelResponseHead(204, []), endOfBody: true, CancellationToken.None).AsTask());

        await using var boom = await pair.Relay.OpenStreamAsync(s_get with { Target = "/boom" }, endOfBody: true, CancellationToken.None);
        var reset = await Assert.ThrowsAsync<TunnelStreamResetException>(() => boom.Response.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(TunnelResetCode.InternalError, reset.Code);
        Assert.DoesNotContain("secret", reset.Message);

        await using var fine = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);
        Assert.Equal(204, (await fine.Response.WaitAsync(TimeSpan.FromSeconds(30))).Status);
    }

    [Fact]
    public async Task StreamsOverTheAgentsLimit_AreRefused()
    {
        var release = new TaskCompletionSource();
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            await release.Task;
            await stream.SendResponseAsync(new TunnelResponseHead(200, []), endOfBody: true, CancellationToken.None);
        }, maxStreams: 2);

        var first = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);
        var second = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);
        var third = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<TunnelStreamResetException>(() => third.Response.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(TunnelResetCode.Refused, refused.Code);
        release.SetResult();
        Assert.Equal(200, (await first.Response).Status);
        Assert.Equal(200, (await second.Response).Status);
    }

    [Fact]
    public async Task LostConnection_FailsOpenStreams_AsConnectionLost()
    {
        await using var pair = await SocketPair.CreateAsync(stream => Task.Delay(Timeout.Infinite, stream.Aborted).ContinueWith(_ => { }));
        var stream = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);

        pair.Agent.Abort("agent crashed");

        var lost = await Assert.ThrowsAsync<TunnelStreamResetException>(() => stream.Response.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(lost.ConnectionLost);
        await pair.RelayReading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(pair.Relay.Closed.IsCancellationRequested);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pair.Relay.OpenStreamAsync(s_get, true, CancellationToken.None));
    }

    [Fact]
    public async Task Close_TellsThePeerWhy()
    {
        await using var pair = await SocketPair.CreateAsync(_ => Task.CompletedTask);

        await pair.Relay.CloseAsync("The temporary tunnel expired.");

        await pair.AgentReading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("The temporary tunnel expired.", pair.Agent.CloseReason);
    }

    [Fact]
    public async Task WriteCancelledWhileTheSocketIsFull_LeavesTheConnectionUp()
    {
        var pending = new TaskCompletionSource<CancellationTokenSource>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            if (stream.RequestHead!.Target != "/fill")
            {
                await stream.SendResponseAsync(new TunnelResponseHead(204, []), endOfBody: true, CancellationToken.None);
                return;
            }

            using var cts = new CancellationTokenSource();
            var chunk = new byte[4096];
            while (true)
            {
                // The relay reads nothing yet: once TCP's buffers are full a write stays pending in the socket.
                var write = stream.WriteAsync(chunk, cts.Token);
                if (!write.IsCompleted)
                {
                    pending.SetResult(cts);
                    try
                    {
                        await write;
                        cancelled.SetResult(null);
                    }
                    catch (Exception ex)
                    {
                        cancelled.SetResult(ex);
                    }

                    return;
                }

                await write;
            }
        }, relayReads: false, socketBuffer: 8 * 1024);

        await using var fill = await pair.Relay.OpenStreamAsync(s_get with { Target = "/fill" }, endOfBody: true, CancellationToken.None);
        var cts = await pending.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        pair.StartRelayReading();

        await using var after = await pair.Relay.OpenStreamAsync(s_get with { Target = "/after" }, endOfBody: true, CancellationToken.None);
        Assert.Equal(204, (await after.Response.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        Assert.False(pair.Agent.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task LastWrite_CanCarryTheEnd_InOneFrame()
    {
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            await stream.SendResponseAsync(new TunnelResponseHead(200, []), endOfBody: false, CancellationToken.None);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("first "), CancellationToken.None);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("and last"), endOfBody: true, CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.WriteAsync(new byte[1], CancellationToken.None));
        });

        await using var stream = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);
        await stream.Response;

        Assert.Equal("first and last", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(0, pair.Relay.OpenStreams);
    }

    [Fact]
    public async Task ShortBodies_RideInTheHeadFrames_BothWays()
    {
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            Assert.True(stream.HasBody);
            var body = await new StreamReader(stream).ReadToEndAsync();
            await stream.SendResponseAsync(new TunnelResponseHead(200, [new("Content-Length", "9")]), Encoding.UTF8.GetBytes($"got {body}"), CancellationToken.None);
        });

        await using var stream = await pair.Relay.OpenStreamAsync(s_get with { Method = "POST" }, Encoding.UTF8.GetBytes("hello"), CancellationToken.None);
        var head = await stream.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, head.Status);
        Assert.Equal("got hello", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(0, pair.Relay.OpenStreams);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await pair.Relay.OpenStreamAsync(s_get, new byte[TunnelFrame.MaxDataPayload + 1], CancellationToken.None));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task StreamedResponse_CarriesItsFirstBytesInTheHeadFrame_WhenThePeerKnowsHow(int version)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            await stream.SendResponseAsync(new TunnelResponseHead(200, []), Encoding.UTF8.GetBytes("first "), endOfBody: false, CancellationToken.None);
            await release.Task;
            await stream.WriteAsync(Encoding.UTF8.GetBytes("and last"), endOfBody: true, CancellationToken.None);
        }, version: version);

        await using var stream = await pair.Relay.OpenStreamAsync(s_get, endOfBody: true, CancellationToken.None);
        await stream.Response.WaitAsync(TimeSpan.FromSeconds(30));
        var first = new byte[6];
        await stream.ReadExactlyAsync(first).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // Version 2: the head and the first bytes were one message; a version-1 peer gets them in two.
        Assert.Equal(version == 2 ? 1 : 2, pair.RelaySocket.MessagesReceived);
        Assert.Equal("first ", Encoding.UTF8.GetString(first));
        release.SetResult();
        Assert.Equal("and last", await new StreamReader(stream).ReadToEndAsync());
        Assert.Equal(0, pair.Relay.OpenStreams);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task FramesQueuedBehindAWaitingWrite_ArriveIntactAndInOrder_InOneBatch_WhenThePeerKnowsHow(int version)
    {
        const int Queued = 40;
        var socketFull = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fillerWritten = 0L;
        var answered = 0;
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pair = await SocketPair.CreateAsync(async stream =>
        {
            if (stream.RequestHead!.Target == "/fill")
            {
                await stream.SendResponseAsync(new TunnelResponseHead(200, []), endOfBody: false, CancellationToken.None);
                var chunk = new byte[4096];
                while (true)
                {
                    // The relay reads nothing yet: once TCP's buffers are full this write stays pending in the socket.
                    var write = stream.WriteAsync(chunk, CancellationToken.None);
                    if (!write.IsCompleted)
                    {
                        socketFull.TrySetResult();
                    }

                    await write;
                    Interlocked.Add(ref fillerWritten, chunk.Length);
                    if (socketFull.Task.IsCompleted)
                    {
                        await stream.CompleteWritesAsync(CancellationToken.None);
                        return;
                    }
                }
            }

            // Queued behind the filler's write: each of these completes at once, without waiting for the socket.
            var n = stream.RequestHead.Target[1..];
            await stream.SendResponseAsync(new TunnelResponseHead(200, []), Encoding.UTF8.GetBytes($"answer {n} "), endOfBody: false, CancellationToken.None);
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"then the end of {n}"), endOfBody: true, CancellationToken.None);
            if (Interlocked.Increment(ref answered) == Queued)
            {
                allAnswered.SetResult();
            }
        }, relayReads: false, socketBuffer: 8 * 1024, version: version);

        await using var fill = await pair.Relay.OpenStreamAsync(s_get with { Target = "/fill" }, endOfBody: true, CancellationToken.None);
        await socketFull.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var streams = new List<TunnelStream>();
        for (var i = 0; i < Queued; i++)
        {
            streams.Add(await pair.Relay.OpenStreamAsync(s_get with { Target = $"/{i}" }, endOfBody: true, CancellationToken.None));
        }

        await allAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        pair.StartRelayReading();
        for (var i = 0; i < Queued; i++)
        {
            await using var stream = streams[i];
            Assert.Equal(200, (await stream.Response.WaitAsync(TimeSpan.FromSeconds(30))).Status);
            Assert.Equal($"answer {i} then the end of {i}", await new StreamReader(stream).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }

        await fill.Response;
        var filled = 0L;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await fill.ReadAsync(buffer)) > 0)
        {
            filled += read;
        }

        Assert.Equal(Interlocked.Read(ref fillerWritten), filled);
        // Each answer was two frames (three for a version-1 peer). One by one they are as many messages; batched, a few carry them all.
        var answerMessages = pair.RelaySocket.MessagesReceived - (1 + (int)(filled / 4096) + 1);
        if (version == 2)
        {
            Assert.InRange(answerMessages, 1, Queued / 4);
        }
        else
        {
            Assert.Equal(3 * Queued, answerMessages); // to a version-1 peer the first bytes leave the head frame too
        }
    }

    [Fact]
    public async Task NestedOrTruncatedBatch_DropsTheConnection_AsAProtocolError()
    {
        await using var pair = await SocketPair.CreateAsync(_ => Task.CompletedTask);
        var inner = new byte[TunnelFrame.HeaderLength];
        TunnelFrame.WriteHeader(inner, TunnelFrameType.Batch, TunnelFrameFlags.None, 0);
        var batch = new byte[TunnelFrame.HeaderLength + 4 + inner.Length];
        TunnelFrame.WriteHeader(batch, TunnelFrameType.Batch, TunnelFrameFlags.None, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(TunnelFrame.HeaderLength), (uint)inner.Length);
        inner.CopyTo(batch, TunnelFrame.HeaderLength + 4);

        await pair.RelaySocket.SendAsync(batch, System.Net.WebSockets.WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

        await pair.AgentReading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("The peer broke the tunnel protocol.", pair.Agent.CloseReason);
    }
}
