namespace McpBridge.Connectors.Packages;

/// <summary>An environment variable of a package: either set by the user (a config field) or fixed by the administrator.</summary>
public sealed class PackageEnvVar
{
    public string Description { get; set; } = string.Empty;

    /// <summary>The user must give a value.</summary>
    public bool Required { get; set; }

    /// <summary>The value is a secret: encrypted at rest, masked in the API and in the package's stderr.</summary>
    public bool Secret { get; set; }

    /// <summary>The value used when the user gives none.</summary>
    public string? Default { get; set; }

    /// <summary>
    /// A value fixed by the administrator; the variable is then not part of the user's configuration. Use it for
    /// anything that names a path: a user-chosen path would let a package write anywhere the bridge can.
    /// </summary>
    public string? Value { get; set; }
}
