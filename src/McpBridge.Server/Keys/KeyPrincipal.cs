using McpBridge.Server.Data.Entities;

namespace McpBridge.Server.Keys;

/// <summary>Who a valid key speaks for.</summary>
internal sealed record KeyPrincipal(string KeyId, string AccountId, string? ServerId, KeyScope Scope, string Prefix);

/// <summary>The outcome of checking a presented key.</summary>
internal enum KeyCheck
{
    Valid,
    Unknown,
    Revoked,
}
