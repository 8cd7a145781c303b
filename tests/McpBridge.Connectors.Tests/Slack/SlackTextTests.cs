using McpBridge.Connectors.Slack;

namespace McpBridge.Connectors.Tests.Slack;

public sealed class SlackTextTests
{
    private static readonly SlackUserNames s_noNames = new(null!);

    [Theory]
    [InlineData("hi <@U0ALICE>", "hi @U0ALICE")]
    [InlineData("hi <@U0ALICE|alice>", "hi @alice")]
    [InlineData("see <#C0GENERAL|general> and <#C0OTHER00>", "see #general and #C0OTHER00")]
    [InlineData("<!here> <!channel> <!everyone>", "@here @channel @everyone")]
    [InlineData("<!subteam^S0TEAM|@devs> <!subteam^S0TEAM>", "@devs @subteam")]
    [InlineData("<!date^1392734382^{date_short}|Feb 18, 2014>", "Feb 18, 2014")]
    [InlineData("<https://example.com|the site> <https://example.com>", "the site (https://example.com) https://example.com")]
    [InlineData("<https://example.com|https://example.com>", "https://example.com")]
    [InlineData("<mailto:bob@example.com|bob@example.com> <mailto:eve@example.com>", "bob@example.com eve@example.com")]
    [InlineData("a &lt;b&gt; &amp;amp; c", "a <b> &amp; c")]
    [InlineData("<|odd> < spaced >", "odd < spaced >")]
    public void Readable_TurnsSlackMarkupIntoPlainText(string text, string expected) =>
        Assert.Equal(expected, SlackText.Readable(text, s_noNames));

    [Theory]
    [InlineData("1717236000.000100", "2024-06-01T10:00:00Z")]
    [InlineData("0.000001", "1970-01-01T00:00:00Z")]
    [InlineData("not-a-ts", "not-a-ts")]
    [InlineData("99999999999999.1", "99999999999999.1")]
    public void Iso_ReadsTheSecondsOfATs(string ts, string expected) =>
        Assert.Equal(expected, SlackText.Iso(ts));

    [Theory]
    [InlineData("1717236000.000100", true)]
    [InlineData("1717236000", false)]
    [InlineData("1717236000.000100&x=1", false)]
    [InlineData("-1.5", false)]
    public void IsTs_AcceptsOnlySlacksForm(string value, bool expected) =>
        Assert.Equal(expected, SlackText.IsTs(value));
}
