using System.Buffers;
using System.Security.Cryptography;
using McpBridge.Server.Servers;

namespace McpBridge.Server.Tunnels;

/// <summary>
/// Tunnel names are DNS labels (they become <c>{name}.{host}</c>) in one namespace with hosted servers' slugs:
/// lowercase letters, digits and dashes, 3–63 long, no dash at either end, no <c>--</c> in the third and fourth
/// characters (punycode, <c>xn--</c>), no reserved word. <c>temp-</c> starts the temporary names only.
/// </summary>
internal static class TunnelNameRules
{
    public const string TemporaryPrefix = "temp-";
    public const int MinLength = 3;
    public const int MaxLength = 63;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int AnonymousSuffixLength = 8;
    private const int NamedSuffixLength = 6;

    /// <summary>The longest name part of <c>temp-{name}-xxxxxx</c> that keeps the whole within 63 characters.</summary>
    public const int MaxTemporaryPartLength = MaxLength - 5 - 1 - NamedSuffixLength;

    private static readonly SearchValues<char> s_label = SearchValues.Create(Alphabet + "-");

    /// <summary>What people type: surrounding spaces dropped and ASCII letters lowered (DNS names ignore case).</summary>
    public static string Normalize(string? name) => (name ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>Why <paramref name="name"/> cannot be a persistent name (a sentence for the <c>name</c> field), or null when it can.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
        {
            return "is required.";
        }

        if (LabelProblem(name) is { } problem)
        {
            return problem;
        }

        if (name.Length is < MinLength or > MaxLength)
        {
            return $"must be {MinLength} to {MaxLength} characters long.";
        }

        if (name.Length >= 4 && name[2] == '-' && name[3] == '-')
        {
            return "must not have '--' as its third and fourth characters (that marks internationalized names).";
        }

        if (name.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
        {
            return $"must not start with '{TemporaryPrefix}': temporary tunnels' names start so.";
        }

        return SlugRules.Reserved.Contains(name) ? $"'{name}' is reserved; choose another name." : null;
    }

    /// <summary>Why <paramref name="part"/> cannot be the name part of <c>temp-{part}-xxxxxx</c>, or null when it can.</summary>
    public static string? ValidateTemporaryPart(string part)
    {
        if (LabelProblem(part) is { } problem)
        {
            return problem;
        }

        return part.Length > MaxTemporaryPartLength
            ? $"must be at most {MaxTemporaryPartLength} characters long for a temporary tunnel (it becomes {TemporaryPrefix}NAME-xxxxxx)."
            : null;
    }

    /// <summary>A new temporary name: <c>temp-xxxxxxxx</c>, or <c>temp-{part}-xxxxxx</c> (part already validated).</summary>
    public static string NewTemporaryName(string? part) => string.IsNullOrEmpty(part)
        ? TemporaryPrefix + RandomNumberGenerator.GetString(Alphabet, AnonymousSuffixLength)
        : $"{TemporaryPrefix}{part}-{RandomNumberGenerator.GetString(Alphabet, NamedSuffixLength)}";

    /// <summary>Whether <paramref name="name"/> could name a tunnel at all (checked before any lookup).</summary>
    public static bool IsWellFormed(string name) =>
        name.Length is >= MinLength and <= MaxLength && name.AsSpan().IndexOfAnyExcept(s_label) < 0;

    private static string? LabelProblem(string label)
    {
        if (label.Length == 0)
        {
            return "is required.";
        }

        if (label.AsSpan().IndexOfAnyExcept(s_label) >= 0)
        {
            return "may contain only lowercase letters a-z, digits 0-9 and '-'.";
        }

        return label[0] == '-' || label[^1] == '-' ? "must start and end with a letter or a digit." : null;
    }
}
