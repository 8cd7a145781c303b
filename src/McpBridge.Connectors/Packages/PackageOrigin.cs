namespace McpBridge.Connectors.Packages;

/// <summary>Who approved a package definition.</summary>
public enum PackageOrigin
{
    /// <summary>Shipped with the bridge (<c>memory</c>, <c>everything</c>, ...).</summary>
    BuiltIn,

    /// <summary>The operator's configuration (<c>Packages:Definitions</c>).</summary>
    Configuration,

    /// <summary>An administrator, through <c>mcp-bridge admin catalog add</c> (stored in the database).</summary>
    Admin,
}
