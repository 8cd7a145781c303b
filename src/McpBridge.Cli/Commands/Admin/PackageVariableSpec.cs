using McpBridge.Protocol.Api;

namespace McpBridge.Cli.Commands.Admin;

/// <summary>Reads <c>--env NAME[:secret][:required][=description]</c> into a variable of a package's config form.</summary>
internal static class PackageVariableSpec
{
    public const string Syntax = "NAME[:secret][:required][=description]";

    /// <summary>The variable's name and form field, or an error for the user.</summary>
    public static (string Name, CatalogPackageVariable Variable)? TryParse(string text, out string? error)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var spec = equals < 0 ? text : text[..equals];
        var description = equals < 0 ? null : text[(equals + 1)..].Trim();
        var parts = spec.Split(':', StringSplitOptions.TrimEntries);
        var name = parts[0];
        if (name.Length == 0)
        {
            error = $"--env '{text}' has no variable name; use {Syntax}, e.g. GITHUB_TOKEN:secret:required=\"A personal access token\".";
            return null;
        }

        bool secret = false, required = false;
        foreach (var flag in parts.Skip(1))
        {
            switch (flag.ToLowerInvariant())
            {
                case "secret":
                    secret = true;
                    break;
                case "required":
                    required = true;
                    break;
                default:
                    error = $"--env '{text}': '{flag}' is not a flag; use secret and/or required ({Syntax}).";
                    return null;
            }
        }

        error = null;
        return (name, new CatalogPackageVariable(string.IsNullOrEmpty(description) ? null : description, required, secret));
    }
}
