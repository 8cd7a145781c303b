namespace McpBridge.Mcp.Tests;
