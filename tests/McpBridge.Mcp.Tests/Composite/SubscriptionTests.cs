using McpBridge.Mcp.Composite;
using McpBridge.Mcp.Sources;
using McpBridge.Mcp.Tests.TestHost;
using static McpBridge.Mcp.Tests.TestHost.TestClients;

namespace McpBridge.Mcp.Tests.Composite;

/// <summary>Resource subscriptions reach the source that serves the resource, and leave it again.</summary>
public sealed class SubscriptionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Unsubscribe_ReachesTheSource_AfterItsListsChanged()
    {
        var source = new ScriptedSource("watched");
        var composite = new CompositeServer("unsubscribe", new CompositeSnapshot(1, [new CompositeSource("watched", "scripted", source)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        await client.SubscribeToResourceAsync("test://scripted");
        source.Raise(new SourceChange(SourceChangeKind.ResourcesChanged));
        await client.UnsubscribeFromResourceAsync("test://scripted");
        await source.WaitForSubscriptionsAsync(s => s.Unsubscribed.Count > 0, s_wait);

        Assert.Equal(["test://scripted"], source.Subscribed);
        Assert.Equal(["test://scripted"], source.Unsubscribed);
    }

    [Fact]
    public async Task Subscription_MovesToTheNewSource_WhenASwapReplacesTheOldOne()
    {
        var before = new ScriptedSource("before");
        var after = new ScriptedSource("after");
        var composite = new CompositeServer("move", new CompositeSnapshot(1, [new CompositeSource("watched", "scripted", before)]));
        await using var server = await McpTestServer.StartAsync(composite);
        await using var client = await ConnectAsync(server);

        await client.SubscribeToResourceAsync("test://scripted");
        await composite.SwapAsync(new CompositeSnapshot(2, [new CompositeSource("watched", "scripted", after)]), CancellationToken.None);
        await after.WaitForSubscriptionsAsync(s => s.Subscribed.Count > 0, s_wait);
        await client.UnsubscribeFromResourceAsync("test://scripted");
        await after.WaitForSubscriptionsAsync(s => s.Unsubscribed.Count > 0, s_wait);

        Assert.Equal(["test://scripted"], before.Subscribed);
        Assert.Equal(["test://scripted"], after.Subscribed);
        Assert.Equal(["test://scripted"], after.Unsubscribed);
        Assert.Empty(before.Unsubscribed);
    }
}
