using System.Net;
using System.Text.RegularExpressions;
using McpBridge.Server.Tunnels;

namespace McpBridge.Server.Tests.Tunnels;

public sealed partial class TunnelNameRulesTests
{
    [Theory]
    [InlineData("notes")]
    [InlineData("sarah-research")]
    [InlineData("abc")]
    [InlineData("a1-b2-c3")]
    [InlineData("123")]
    [InlineData("tempo")]
    [InlineData("temp1")]
    [InlineData("ab-cd")]
    [InlineData("abc--def")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 63
    public void Validate_AcceptsDnsLabels(string name) => Assert.Null(TunnelNameRules.Validate(name));

    [Theory]
    [InlineData("", "is required.")]
    [InlineData("ab", "must be 3 to 63 characters long.")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "must be 3 to 63 characters long.")] // 64
    [InlineData("Notes", "may contain only lowercase letters a-z, digits 0-9 and '-'.")]
    [InlineData("my_notes", "may contain only lowercase letters a-z, digits 0-9 and '-'.")]
    [InlineData("my.notes", "may contain only lowercase letters a-z, digits 0-9 and '-'.")]
    [InlineData("café", "may contain only lowercase letters a-z, digits 0-9 and '-'.")]
    [InlineData("-notes", "must start and end with a letter or a digit.")]
    [InlineData("notes-", "must start and end with a letter or a digit.")]
    [InlineData("xn--bcher-kva", "must not have '--' as its third and fourth characters (that marks internationalized names).")]
    [InlineData("ab--c", "must not have '--' as its third and fourth characters (that marks internationalized names).")]
    [InlineData("temp-notes", "must not start with 'temp-': temporary tunnels' names start so.")]
    [InlineData("api", "'api' is reserved; choose another name.")]
    [InlineData("www", "'www' is reserved; choose another name.")]
    [InlineData("tunnels", "'tunnels' is reserved; choose another name.")]
    [InlineData("temp", "'temp' is reserved; choose another name.")]
    public void Validate_RefusesWithAMessageForTheNameField(string name, string message) => Assert.Equal(message, TunnelNameRules.Validate(name));

    [Theory]
    [InlineData("  Notes ", "notes")]
    [InlineData("SARAH-Research", "sarah-research")]
    [InlineData(null, "")]
    public void Normalize_TrimsAndLowersCase(string? typed, string expected) => Assert.Equal(expected, TunnelNameRules.Normalize(typed));

    [Theory]
    [InlineData("client-demo", null)]
    [InlineData("a", null)]
    [InlineData("a-b", null)]
    [InlineData("-demo", "must start and end with a letter or a digit.")]
    [InlineData("demo_1", "may contain only lowercase letters a-z, digits 0-9 and '-'.")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null)] // 51: temp-{51}-xxxxxx is 63
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "must be at most 51 characters long for a temporary tunnel (it becomes temp-NAME-xxxxxx).")]
    public void ValidateTemporaryPart_KeepsTheWholeNameALabel(string part, string? message) => Assert.Equal(message, TunnelNameRules.ValidateTemporaryPart(part));

    [Fact]
    public void NewTemporaryName_IsTempAndEightRandomCharacters_WithoutAName()
    {
        var names = Enumerable.Range(0, 50).Select(_ => TunnelNameRules.NewTemporaryName(null)).ToArray();
        Assert.All(names, n => Assert.Matches(AnonymousName(), n));
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void NewTemporaryName_IsTempNameAndSixRandomCharacters_WithAName()
    {
        var longest = new string('a', TunnelNameRules.MaxTemporaryPartLength);
        Assert.Matches(NamedName(), TunnelNameRules.NewTemporaryName("client-demo"));
        var name = TunnelNameRules.NewTemporaryName(longest);
        Assert.Equal(63, name.Length);
        Assert.Null(TunnelNameRules.ValidateTemporaryPart(longest));
        Assert.True(TunnelNameRules.IsWellFormed(name));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64")]
    public void AddressKey_CountsIPv4AddressesAndIPv6Networks(string address, string key) =>
        Assert.Equal(key, TunnelAddressKey.Of(IPAddress.Parse(address)));

    [Fact]
    public void AddressKey_IsUnknown_WithoutAnAddress() => Assert.Equal("unknown", TunnelAddressKey.Of(null));

    [GeneratedRegex("^temp-[a-z0-9]{8}$")]
    private static partial Regex AnonymousName();

    [GeneratedRegex("^temp-client-demo-[a-z0-9]{6}$")]
    private static partial Regex NamedName();
}
