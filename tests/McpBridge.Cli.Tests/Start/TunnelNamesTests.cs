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
    [InlineData(null, null, "ha", "ha-mcp")]
    [InlineData("", null, "api", "api-mcp")]
    [InlineData("Temp", null, "notes", "my-temp-notes")]
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
    [InlineData("ab", true, null)]
    [InlineData("ab", false, "must be 3 to 63 characters long")]
    [InlineData("-notes", false, "must start and end with a letter or a digit")]
    [InlineData("notes_2", false, "may contain only lowercase letters")]
    [InlineData("xn--notes", false, "must not have '--' as its third and fourth characters")]
    public void Check_AppliesTheRelaysNameRules(string name, bool temporary, string? expected)
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
