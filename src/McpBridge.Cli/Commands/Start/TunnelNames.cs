using System.Text;
using McpBridge.Server.Tunnels;

namespace McpBridge.Cli.Commands.Start;

/// <summary>Tunnel names are DNS labels (the name is the public URL's subdomain): the defaults the CLI makes, and early checks.</summary>
internal static class TunnelNames
{
    public const int MaxLength = TunnelNameRules.MaxLength;

    // Western European letters with their accents taken off (the build is globalization-invariant: no Unicode
    // normalization to lean on). Anything else outside a-z and 0-9 separates words.
    private static readonly Dictionary<char, string> s_folded = Fold(
        ("àáâãäåā", "a"), ("çćč", "c"), ("ďđ", "d"), ("èéêëēěę", "e"), ("ìíîïī", "i"), ("ł", "l"), ("ñńň", "n"),
        ("òóôõöøō", "o"), ("řŕ", "r"), ("śšş", "s"), ("ťţ", "t"), ("ùúûüūů", "u"), ("ýÿ", "y"), ("źżž", "z"),
        ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"));

    /// <summary>
    /// <paramref name="text"/> as a DNS label: lower case, runs of anything but letters and digits as one '-', no '-' at
    /// either end, at most <paramref name="maxLength"/> characters. Accented Latin letters lose their accents (é → e);
    /// empty when nothing usable is left.
    /// </summary>
    public static string ToLabel(string text, int maxLength = MaxLength)
    {
        var label = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                label.Append(lower);
            }
            else if (s_folded.TryGetValue(lower, out var folded))
            {
                label.Append(folded);
            }
            else if (label.Length > 0 && label[^1] != '-')
            {
                label.Append('-');
            }
        }

        var result = label.ToString().Trim('-');
        return result.Length > maxLength ? result[..maxLength].TrimEnd('-') : result;
    }

    /// <summary>
    /// The default persistent name: <c>{account}-{what}</c>, e.g. <c>sarah-research</c>, where the account part is the
    /// account's name, else its GitHub login (without either, just <paramref name="what"/>). Made to pass the relay's
    /// rules: too short or a reserved word gets <c>-mcp</c> added, and <c>temp-</c> (temporary names only) gets <c>my-</c> first.
    /// </summary>
    public static string DefaultCloudName(string? accountName, string? login, string what)
    {
        var account = ToLabel(accountName ?? string.Empty) is { Length: > 0 } fromName ? fromName : ToLabel(login ?? string.Empty);
        var suffix = ToLabel(what) is { Length: > 0 } label ? label : "mcp";
        var name = account.Length == 0 ? suffix : ToLabel($"{account}-{suffix}");
        if (name.StartsWith(TunnelNameRules.TemporaryPrefix, StringComparison.Ordinal))
        {
            name = ToLabel("my-" + name);
        }

        return TunnelNameRules.Validate(name) is null ? name : ToLabel(name + "-mcp");
    }

    /// <summary>
    /// Checks a <c>--name</c> by the relay's own rules before connecting, so a typo costs no round trip; null when it is
    /// fine. A temporary tunnel's name is only the middle of <c>temp-{name}-xxxxxx</c>.
    /// </summary>
    public static string? Check(string name, bool temporary)
    {
        var problem = temporary ? TunnelNameRules.ValidateTemporaryPart(name) : TunnelNameRules.Validate(name);
        if (problem is null)
        {
            return null;
        }

        var example = ToLabel(name) is { Length: >= TunnelNameRules.MinLength } fixedName && fixedName != name ? $" (e.g. '{fixedName}')" : string.Empty;
        // Some rules name the name themselves ("'www' is reserved; ...").
        return problem.StartsWith('\'') ? $"--name {problem.TrimEnd('.')}" : $"--name '{name}' {problem.TrimEnd('.')}{example}";
    }

    private static Dictionary<char, string> Fold(params (string Letters, string Plain)[] groups) =>
        groups.SelectMany(g => g.Letters.Select(c => (c, g.Plain))).ToDictionary(p => p.c, p => p.Plain);

}
