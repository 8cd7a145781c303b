namespace McpBridge.Server.Accounts.Device;

internal static class DeviceLoginStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Denied = "denied";
    public const string Claimed = "claimed";
}
