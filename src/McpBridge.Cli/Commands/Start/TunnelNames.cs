using System.Text;
using System.Text.RegularExpressions;

namespace McpBridge.Cli.Commands.Start;

/// <summary>Tunnel names are DNS labels (the name is the public URL's subdomain): the defaults the CLI makes, and early checks.</summary>
internal static partial class TunnelNames
{
    public const int MaxLength = 63;

    /// <summary>What <c>temp-{name}-xxxxxx</c> leaves for the name part.</summary>
    public const int MaxTemporaryPartLength = MaxLength - 5 - 7;

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
    /// account's name, else its GitHub login. Without either, just <paramref name="what"/>.
    /// </summary>
    public static string DefaultCloudName(string? accountName, string? login, string what)
    {
        var account = ToLabel(accountName ?? string.Empty) is { Length: > 0 } fromName ? fromName : ToLabel(login ?? string.Empty);
        var suffix = ToLabel(what) is { Length: > 0 } label ? label : "mcp";
        return account.Length == 0 ? suffix : ToLabel($"{account}-{suffix}");
    }

    /// <summary>Checks a <c>--name</c> before the relay does, so a typo costs no round trip; null when it is fine.</summary>
    public static string? Check(string name, bool temporary)
    {
        var max = temporary ? MaxTemporaryPartLength : MaxLength;
        if (!Label().IsMatch(name))
        {
            var example = ToLabel(name) is { Length: > 0 } fixedName ? fixedName : "my-notes";
            return $"--name '{name}' is not a valid name: use lower-case letters, digits and '-' (not at either end), e.g. '{example}'";
        }

        return name.Length > max
            ? temporary
                ? $"--name '{name}' is too long: a temporary name becomes temp-{{name}}-xxxxxx, which leaves {max} characters for it"
                : $"--name '{name}' is too long: at most {max} characters"
            : null;
    }

    private static Dictionary<char, string> Fold(params (string Letters, string Plain)[] groups) =>
        groups.SelectMany(g => g.Letters.Select(c => (c, g.Plain))).ToDictionary(p => p.c, p => p.Plain);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Label();
}
