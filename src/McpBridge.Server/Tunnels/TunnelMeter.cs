using McpBridge.Server.Common;

namespace McpBridge.Server.Tunnels;

// Interim: replaced by the names, plans and leases work (branch wt-d).
internal sealed class TunnelMeter
{
    public ApiError? TryStartRequest(TunnelLease lease) => lease is null ? null : null;

    public void Record(TunnelLease lease, int status, long bytesIn, long bytesOut)
    {
    }
}
