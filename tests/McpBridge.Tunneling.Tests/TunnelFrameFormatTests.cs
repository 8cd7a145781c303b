using McpBridge.Protocol.Tunnels;

namespace McpBridge.Tunneling.Tests;

public sealed class TunnelFrameFormatTests
{
    [Fact]
    public void RequestHead_RoundTrips_WithUnicodeAndRepeatedHeaders()
    {
        var head = new TunnelRequestHead("PATCH", "/ünï/códe?q=%20", [new("Set-Thing", "a"), new("Set-Thing", "b"), new("X-Long", new string('x', 5000))]);
        var bytes = new byte[head.GetEncodedLength()];

        Assert.Equal(bytes.Length, head.Write(bytes));
        Assert.True(TunnelRequestHead.TryRead(bytes, out var read));
        Assert.Equal(head.Method, read.Method);
        Assert.Equal(head.Target, read.Target);
        Assert.Equal(head.Headers, read.Headers);
    }

    [Fact]
    public void RequestHead_Truncated_OrWithTrailingBytes_OrWithoutLeadingSlash_IsRefused()
    {
        var head = new TunnelRequestHead("GET", "/x", [new("A", "b")]);
        var bytes = new byte[head.GetEncodedLength()];
        head.Write(bytes);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(TunnelRequestHead.TryRead(bytes.AsSpan(0, length), out _));
        }

        Assert.False(TunnelRequestHead.TryRead([.. bytes, 0], out _));
        var noSlash = new TunnelRequestHead("GET", "http://evil/", []);
        var noSlashBytes = new byte[noSlash.GetEncodedLength()];
        noSlash.Write(noSlashBytes);
        Assert.False(TunnelRequestHead.TryRead(noSlashBytes, out _));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(101, true)]
    [InlineData(999, true)]
    [InlineData(99, false)]
    [InlineData(1000, false)]
    public void ResponseHead_AcceptsOnlyThreeDigitStatuses(int status, bool valid)
    {
        var head = new TunnelResponseHead(status, [new("Content-Type", "text/event-stream")]);
        var bytes = new byte[head.GetEncodedLength()];
        head.Write(bytes);

        Assert.Equal(valid, TunnelResponseHead.TryRead(bytes, out var read));
        if (valid)
        {
            Assert.Equal(head.Headers, read.Headers);
        }
    }

    [Fact]
    public void FrameHeader_RoundTrips()
    {
        var bytes = new byte[TunnelFrame.HeaderLength];
        TunnelFrame.WriteHeader(bytes, TunnelFrameType.Window, TunnelFrameFlags.EndOfBody, 0xDEADBEEF);

        Assert.True(TunnelFrame.TryReadHeader(bytes, out var type, out var flags, out var id));
        Assert.Equal((TunnelFrameType.Window, TunnelFrameFlags.EndOfBody, 0xDEADBEEFu), (type, flags, id));
        Assert.False(TunnelFrame.TryReadHeader(bytes.AsSpan(0, 5), out _, out _, out _));
    }

    [Fact]
    public void Notice_RoundTrips_AndGarbageIsNull()
    {
        var notice = new TunnelNotice { Kind = TunnelNotice.Welcome, Name = "temp-abc", Url = "https://x", ExpiresAt = DateTimeOffset.UnixEpoch, ResumeToken = "t" };

        Assert.Equal(notice, TunnelNotice.FromUtf8Json(notice.ToUtf8Json()));
        Assert.Null(TunnelNotice.FromUtf8Json("not json"u8));
    }
}
