using McpBridge.Connectors;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Filesystem;
using McpBridge.Connectors.Git;
using McpBridge.Connectors.HomeAssistant;
using McpBridge.Connectors.Postgres;

namespace McpBridge.Cli.Local;

/// <summary>
/// The catalog's connectors in their local variants: on the user's own machine a folder or repository may be any
/// one of theirs, and private addresses (a database on localhost, Home Assistant on the LAN) are what they mean.
/// </summary>
internal static class LocalConnectors
{
    public static IConnector Filesystem() => new FilesystemConnector(allowCustomRoot: true);

    public static IConnector Postgres() => new PostgresConnector(PrivateNetworks());

    /// <summary>Git over a repository on this machine: config <c>repo</c>.</summary>
    public static IConnector Git() => new GitConnector(allowCustomRepo: true);

    /// <summary>Home Assistant, on the local network too: config <c>url</c> and <c>token</c>.</summary>
    public static IConnector HomeAssistant() => new HomeAssistantConnector(allowPrivateNetworks: true);

    /// <summary>Egress for local tools: anything the user's machine can reach.</summary>
    public static EgressGuard PrivateNetworks() => new(new EgressOptions { AllowPrivateNetworks = true });
}
