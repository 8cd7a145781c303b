using System.Security.Cryptography;
using McpBridge.Server.Common;

namespace McpBridge.Server.Tunnels;

// Interim: replaced by the names, plans and leases work (branch wt-d).
internal sealed class TunnelLeases(TimeProvider time)
{
    public ValueTask<Result<TunnelLease>> AcquireAsync(TunnelConnectRequest request, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (request.Temporary)
        {
            var name = request.Name is null ? $"temp-{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8)}" : $"temp-{request.Name}-{RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 6)}";
            return ValueTask.FromResult<Result<TunnelLease>>(new TunnelLease(name, null, null, true, time.GetUtcNow().AddHours(2), "token"));
        }

        return ValueTask.FromResult<Result<TunnelLease>>(new TunnelLease(request.Name!, "account", "free", false, null, null));
    }

    public void Disconnected(TunnelLease lease) => _ = lease;

    public ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
