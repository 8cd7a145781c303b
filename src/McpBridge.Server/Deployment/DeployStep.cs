namespace McpBridge.Server.Deployment;

/// <summary>One step of a deploy as it happens, for progress displays: <see cref="State"/> is running, ok or failed.</summary>
internal sealed record DeployStep(string State, string Text)
{
    public static DeployStep Running(string text) => new("running", text);

    public static DeployStep Ok(string text) => new("ok", text);

    public static DeployStep Failed(string text) => new("failed", text);
}
