using System.Threading.Channels;

namespace McpBridge.Server.Metering;

/// <summary>
/// A queue between the request path and <see cref="MeteringWriter"/>. Writing never blocks a request: when the writer
/// falls <see cref="Capacity"/> items behind, items are dropped and counted. The bound is a counter in front of an
/// unbounded (lock-free) channel, because a bounded channel takes a lock on every write, which shows at high rates.
/// </summary>
internal sealed class MeteringPipeline
{
    public const int Capacity = 200_000;

    private readonly Channel<MeterItem> _channel = Channel.CreateUnbounded<MeterItem>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
    });

    private long _queued;
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(MeterItem item)
    {
        if (Interlocked.Increment(ref _queued) > Capacity || !_channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
        }
    }

    public bool TryRead(out MeterItem item)
    {
        if (_channel.Reader.TryRead(out item!))
        {
            Interlocked.Decrement(ref _queued);
            return true;
        }

        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();
}
