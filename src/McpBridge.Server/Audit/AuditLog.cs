using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;

namespace McpBridge.Server.Audit;

/// <summary>Adds audit entries to the same unit of work as the change they describe, so both are saved or neither.</summary>
internal static class AuditLog
{
    public static void Add(BridgeDbContext db, string accountId, string actor, string action, string? target, string? detail, DateTime at) =>
        db.AuditLog.Add(new AuditEntry
        {
            AccountId = accountId,
            Actor = Truncate(actor, 100),
            Action = action,
            Target = target,
            Detail = detail is null ? null : Truncate(detail, 500),
            At = at,
        });

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
