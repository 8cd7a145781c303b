namespace McpBridge.Connectors.Tests;
