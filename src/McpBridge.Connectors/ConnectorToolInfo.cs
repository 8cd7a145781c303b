namespace McpBridge.Connectors;

/// <summary>A tool a connector provides, as the catalog lists it.</summary>
/// <param name="Name">The tool name (snake_case).</param>
/// <param name="Description">What it does, written for a model to choose and use it well.</param>
public sealed record ConnectorToolInfo(string Name, string Description);
