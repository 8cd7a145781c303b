using McpBridge.Connectors;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Data.Entities;

namespace McpBridge.Server.Plans;

/// <summary>
/// What an account's plan lets it build: servers, tools per server, premium connectors. Checked here, with one
/// wording and one upgrade hint, wherever they are checked (creating a server, adding a tool, deploying, rolling back).
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

    private static string Describe(long? limit, string what) => limit is { } n ? $"up to {n:N0} {what}s" : $"unlimited {what}s";

    private static string Plural(long n) => n == 1 ? string.Empty : "s";
}
