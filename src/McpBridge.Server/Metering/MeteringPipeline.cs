using System.Threading.Channels;

namespace McpBridge.Server.Metering;

/// <summary>
/// A bounded queue between the request path and <see cref="MeteringWriter"/>. Writing never blocks a request: when
/// the writer falls that far behind, items are dropped and counted.
/// </summary>
internal sealed class MeteringPipeline
{
    private readonly Channel<MeterItem> _channel = Channel.CreateBounded<MeterItem>(new BoundedChannelOptions(200_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        SingleWriter = false,
    });

    private long _dropped;

    public ChannelReader<MeterItem> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(MeterItem item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Complete() => _channel.Writer.TryComplete();
}
