using McpBridge.Connectors;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Data.Entities;

namespace McpBridge.Server.Plans;

/// <summary>
/// What an account's plan lets it build: servers, tools per server, premium connectors, tunnels. Checked here, with
/// one wording and one upgrade hint, wherever they are checked (creating a server, adding a tool, deploying, rolling
/// back, reserving a tunnel name, connecting a temporary tunnel).
/// </summary>
internal sealed class PlanLimits(AccountDirectory accounts, PlanCatalog plans)
{
    /// <summary>The plan of an account known to exist (the caller's).</summary>
    public async ValueTask<Plan> PlanOfAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken)
            ?? throw new InvalidOperationException($"Account '{accountId}' does not exist.");
        return await plans.GetAsync(account.PlanId, cancellationToken);
    }

    /// <summary>Refuses another server to an account that has <paramref name="servers"/>.</summary>
    public async ValueTask<ApiError?> CheckNewServerAsync(Plan plan, int servers, CancellationToken cancellationToken)
    {
        if (plan.MaxServers is not { } max || servers < max)
        {
            return null;
        }

        var upgrade = await plans.UpgradeForAsync(plan, p => p.MaxServers, cancellationToken);
        return ApiError.PlanLimit(
            $"Your {plan.Name} plan allows {max} server{Plural(max)} and you have {servers}." +
            (upgrade is null ? " Delete a server to create another." : $" Upgrade to {upgrade.Name} for {Describe(upgrade.MaxServers, "server")}."),
            "servers", plan.Id, upgrade?.Id ?? string.Empty);
    }

    /// <summary>
    /// Refuses <paramref name="tools"/> tools on one server (<paramref name="adding"/>: one more is being added to them).
    /// <paramref name="what"/> names what has them, e.g. <c>'notes'</c> or <c>version 2 of 'notes'</c>.
    /// </summary>
    public async ValueTask<ApiError?> CheckToolsAsync(Plan plan, string what, int tools, bool adding, CancellationToken cancellationToken)
    {
        if (plan.MaxToolsPerServer is not { } max || (adding ? tools < max : tools <= max))
        {
            return null;
        }

        var upgrade = await plans.UpgradeForAsync(plan, p => p.MaxToolsPerServer, cancellationToken);
        return ApiError.PlanLimit(
            $"Your {plan.Name} plan allows {max} tool{Plural(max)} per server and {what} has {tools}." +
            (upgrade is not null ? $" Upgrade to {upgrade.Name} for {Describe(upgrade.MaxToolsPerServer, "tool")} per server."
                : adding ? " Remove a tool to add another." : $" Deploy at most {max}."),
            "tools_per_server", plan.Id, upgrade?.Id ?? string.Empty);
    }

    /// <summary>Refuses a premium connector to a plan without them.</summary>
    public async ValueTask<ApiError?> CheckConnectorAsync(Plan plan, IConnector connector, CancellationToken cancellationToken)
    {
        if (!connector.Premium || plan.PremiumConnectors)
        {
            return null;
        }

        var upgrade = await plans.UpgradeForAsync(plan, p => p.PremiumConnectors, cancellationToken);
        return ApiError.PlanLimit(
            $"{connector.Name} is a premium connector, not included in the {plan.Name} plan." + (upgrade is null ? string.Empty : $" Upgrade to {upgrade.Name} to use it."),
            "premium_connectors", plan.Id, upgrade?.Id ?? string.Empty);
    }

    /// <summary>Refuses another persistent tunnel name to an account that has <paramref name="reserved"/>.</summary>
    public async ValueTask<ApiError?> CheckNewPersistentTunnelAsync(Plan plan, int reserved, CancellationToken cancellationToken)
    {
        if (plan.MaxPersistentTunnels is not { } max || reserved < max)
        {
            return null;
        }

        var upgrade = await plans.UpgradeForAsync(plan, p => p.MaxPersistentTunnels, cancellationToken);
        var detail = max == 0
            ? $"Your {plan.Name} plan has no persistent tunnels."
            : $"Your {plan.Name} plan allows {max} persistent tunnel{Plural(max)} and you have {reserved}.";
        detail += upgrade is not null
            ? $" Upgrade to {upgrade.Name} for {Describe(upgrade.MaxPersistentTunnels, "persistent tunnel")}."
            : max > 0 ? " Release one (`mcp-bridge tunnels release NAME`) to reserve another." : string.Empty;
        if (max == 0)
        {
            detail += " Temporary tunnels (--temp) need no reserved name.";
        }

        return ApiError.PlanLimit(detail, "persistent_tunnels", plan.Id, upgrade?.Id ?? string.Empty);
    }

    /// <summary>Refuses another temporary tunnel to an account that has <paramref name="live"/> connected.</summary>
    public async ValueTask<ApiError?> CheckTemporaryTunnelsAsync(Plan plan, int live, CancellationToken cancellationToken)
    {
        if (plan.MaxTemporaryTunnels is not { } max || live < max)
        {
            return null;
        }

        var upgrade = await plans.UpgradeForAsync(plan, p => p.MaxTemporaryTunnels, cancellationToken);
        var detail = max == 0
            ? $"Your {plan.Name} plan has no temporary tunnels."
            : $"Your {plan.Name} plan allows {max} temporary tunnel{Plural(max)} at a time and {live} {(live == 1 ? "is" : "are")} connected.";
        detail += upgrade is not null
            ? $" Stop one, or upgrade to {upgrade.Name} for {Describe(upgrade.MaxTemporaryTunnels, "temporary tunnel")} at a time."
            : " Stop one to start another.";
        return ApiError.PlanLimit(detail, "temporary_tunnels", plan.Id, upgrade?.Id ?? string.Empty);
    }

    private static string Describe(long? limit, string what) => limit is { } n ? $"up to {n:N0} {what}{Plural(n)}" : $"unlimited {what}s";

    private static string Plural(long n) => n == 1 ? string.Empty : "s";
}
