namespace McpBridge.Connectors.Egress;

internal enum AddressKind
{
    Public,

    /// <summary>Loopback, private (RFC 1918, CGNAT, unique local) or link-local: someone's internal network.</summary>
    Private,

    /// <summary>Unspecified, multicast, documentation, benchmarking and other non-routable ranges.</summary>
    Reserved,
}
