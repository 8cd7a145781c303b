namespace McpBridge.Server.Deployment;

/// <summary>One tool as frozen in a deployed version (secrets still encrypted).</summary>
internal sealed record DeployedTool(string Id, string ConnectorId, string Name, string ConfigJson, string? SecretsProtected)
{
    /// <summary>Identifies an unchanged tool across deploys, so its running source (a child process, say) is kept.</summary>
    public string Fingerprint => $"{Id}\n{ConnectorId}\n{Name}\n{ConfigJson}\n{SecretsProtected}";
}
