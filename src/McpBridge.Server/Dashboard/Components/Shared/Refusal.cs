using McpBridge.Protocol.Api;
using McpBridge.Server.Common;

namespace McpBridge.Server.Dashboard.Components.Shared;

/// <summary>What a page shows of a service's refusal: its message and whether a plan limit caused it.</summary>
public sealed record Refusal(string Message, bool PlanLimit)
{
    internal static Refusal From(ApiError error) => new(DashboardPage.Describe(error), error.Code == ErrorCodes.PlanLimit);
}
