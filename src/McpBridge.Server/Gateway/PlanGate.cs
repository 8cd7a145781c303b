using McpBridge.Mcp.Http;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Plans;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace McpBridge.Server.Gateway;

/// <summary>
/// Enforces the account's plan on every metered MCP call (tools/call, resources/read, prompts/get): calls per minute
/// (429 with Retry-After) and calls per month (429 naming the reset date and the upgrade), atomically so concurrent
/// calls at the edge never overshoot. A refusal is logged to the server's event log once per
/// <see cref="Metering.ServerMeter.RefusalLogInterval"/>, however often the client retries.
/// </summary>
internal sealed class PlanGate(AccountDirectory accounts, PlanCatalog plans, RateGate rates, QuotaCounter quota, TimeProvider timeProvider) : IMcpRequestGate
{
    public async ValueTask<McpGateDecision> CheckAsync(HttpContext context, IMcpTarget target, JsonRpcRequest request, CancellationToken cancellationToken)
    {
        if (request.Method is not (RequestMethods.ToolsCall or RequestMethods.ResourcesRead or RequestMethods.PromptsGet) ||
            context.Features.Get<GatewayFeature>() is not { } gateway)
        {
            return McpGateDecision.Allow;
        }

        var facts = await accounts.GetAsync(gateway.Server.AccountId, cancellationToken);
        if (facts is null)
        {
            return new McpGateDecision(false, StatusCodes.Status403Forbidden, McpHttpErrors.ServerError, "Forbidden: the account of this server no longer exists.");
        }

        var plan = await plans.GetAsync(facts.PlanId, cancellationToken);
        if (plan.CallsPerMinute is { } perMinute && !rates.TryAcquire(facts.Id, perMinute, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            if (gateway.Server.Meter.AdmitRefusal("rate"))
            {
                gateway.Server.Meter.Log("warning", "quota", $"Rate limit: more than {perMinute} calls in a minute; calls refused for {seconds} s.");
            }

            return new McpGateDecision(false, StatusCodes.Status429TooManyRequests, McpHttpErrors.ServerError,
                $"Rate limit reached: the {plan.Name} plan allows {perMinute} calls a minute. Retry in {seconds} s.",
                new { code = ErrorCodes.RateLimited, limit = perMinute, plan = plan.Id, retryAfterSeconds = seconds },
                TimeSpan.FromSeconds(seconds));
        }

        var now = timeProvider.GetUtcNow();
        var (allowed, used) = await quota.TryReserveAsync(facts.Id, plan.MonthlyCalls, now, cancellationToken);
        if (allowed)
        {
            return McpGateDecision.Allow;
        }

        var resetsAt = Time.NextMonthStart(now);
        var upgrade = await plans.UpgradeForAsync(plan, p => p.MonthlyCalls, cancellationToken);
        var hint = upgrade is null ? string.Empty : $" Upgrade to {upgrade.Name} for {(upgrade.MonthlyCalls is { } n ? $"{n:N0}" : "unlimited")} calls a month.";
        if (gateway.Server.Meter.AdmitRefusal("monthly"))
        {
            gateway.Server.Meter.Log("warning", "quota", $"Monthly quota of {plan.MonthlyCalls:N0} calls reached; calls refused until {resetsAt:yyyy-MM-dd}.");
        }

        return new McpGateDecision(false, StatusCodes.Status429TooManyRequests, McpHttpErrors.ServerError,
            $"Monthly quota reached: {used:N0} of {plan.MonthlyCalls:N0} calls on the {plan.Name} plan. It resets on {resetsAt:yyyy-MM-dd} (UTC).{hint}",
            new { code = ErrorCodes.QuotaExceeded, used, limit = plan.MonthlyCalls, plan = plan.Id, resetsAt, upgrade = upgrade?.Id },
            resetsAt - now);
    }
}
