using McpBridge.Cli.Commands.Start;

namespace McpBridge.Cli.Tests.Start;

public sealed class TunnelNamesTests
{
    [Theory]
    [InlineData("Sarah", null, "Research", "sarah-research")]
    [InlineData(null, "sarah-gh", "Research Notes", "sarah-gh-research-notes")]
    [InlineData("Zoë Ångström", "zoe", "Café Recipes!", "zoe-angstrom-cafe-recipes")]
    [InlineData("  ", "", "shop", "shop")]
    [InlineData("Sarah", null, "---", "sarah-mcp")]
    public void DefaultCloudName_IsTheAccountAndWhat_AsADnsLabel(string? name, string? login, string what, string expected) =>
        Assert.Equal(expected, TunnelNames.DefaultCloudName(name, login, what));

    [Fact]
    public void DefaultCloudName_StaysWithin63Characters_WithoutATrailingDash()
    {
        var name = TunnelNames.DefaultCloudName("sarah", null, new string('x', 57) + " tail");

        Assert.True(name.Length <= TunnelNames.MaxLength);
        Assert.Equal("sarah-" + new string('x', 57), name);
    }

    [Theory]
    [InlineData("notes", false, null)]
    [InlineData("my-notes-2", true, null)]
    [InlineData("-notes", false, "is not a valid name")]
    [InlineData("notes_2", false, "is not a valid name")]
    public void Check_AcceptsDnsLabels_Only(string name, bool temporary, string? expected)
    {
        var error = TunnelNames.Check(name, temporary);
        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }
}
