namespace McpBridge.Cli.Tests;
