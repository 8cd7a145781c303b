using McpBridge.Cli.Commands.Observe;

namespace McpBridge.Cli.Tests.Commands;

public sealed class SparklineTests
{
    [Fact]
    public void Render_ScalesToTheMaximum()
    {
        Assert.Equal("▁▄█", Sparkline.Render([0, 50, 100]));
        Assert.Equal("▁▁▁", Sparkline.Render([0, 0, 0]));
        Assert.Equal("", Sparkline.Render([]));
    }

    [Fact]
    public void Bar_IsAtLeastOneCellForAnyCalls_AndFullAtTheMaximum()
    {
        Assert.Equal("█", Sparkline.Bar(1, 1000, 30));
        Assert.Equal(new string('█', 30), Sparkline.Bar(1000, 1000, 30));
        Assert.Equal("", Sparkline.Bar(0, 1000, 30));
    }
}
