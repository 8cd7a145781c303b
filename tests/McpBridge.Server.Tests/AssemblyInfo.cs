namespace McpBridge.Server.Tests;
