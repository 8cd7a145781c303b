using McpBridge.Protocol.Tunnels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>One loop for all agents: drops those whose heartbeats stopped, warns and then closes expiring temporary tunnels.</summary>
internal sealed class TunnelSweeper(TunnelRegistry registry, IOptions<TunnelRelayOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<TunnelSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Agents' WebSockets are requests that never end by themselves: without this, stopping the relay would wait out
        // Kestrel's shutdown timeout. Dropped agents reconnect (with backoff) to the relay that comes back.
        using var stopping = lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var agent in registry.Agents)
            {
                agent.Connection.Abort("The relay is restarting.");
            }
        });

        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        foreach (var agent in registry.Agents)
        {
            if (agent.Connection.SinceLastReceived > o.HeartbeatTimeout)
            {
                TunnelRelayLog.AgentSilent(logger, agent.Lease.Name, (int)o.HeartbeatTimeout.TotalSeconds);
                agent.Connection.Abort($"No heartbeat for {o.HeartbeatTimeout.TotalSeconds:0} s.");
                continue;
            }

            if (agent.Lease.ExpiresAt is not { } expiresAt)
            {
                continue;
            }

            if (now >= expiresAt)
            {
                TunnelRelayLog.TemporaryExpired(logger, agent.Lease.Name);
                registry.Unregister(agent);
                await TunnelRegistry.SayGoodbyeAsync(agent, TunnelNotice.Expired,
                    $"The temporary tunnel {agent.Lease.Name} expired after its two hours. Start a new one, or sign up for a URL that never changes.", cancellationToken);
            }
            else if (!agent.WarnedOfExpiry && expiresAt - now <= o.ExpiryWarning)
            {
                agent.WarnedOfExpiry = true;
                var left = expiresAt - now;
                await SendQuietlyAsync(agent, new TunnelNotice
                {
                    Kind = TunnelNotice.Expiring,
                    Name = agent.Lease.Name,
                    ExpiresAt = expiresAt,
                    Message = $"The temporary tunnel {agent.Lease.Name} expires in {Math.Max(1, (int)Math.Round(left.TotalMinutes))} min.",
                }, cancellationToken);
            }
        }
    }

    private static async Task SendQuietlyAsync(RelayAgent agent, TunnelNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            await agent.Connection.SendNoticeAsync(notice, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The agent is going away; its connection's end removes it.
        }
    }
}
