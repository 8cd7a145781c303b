namespace McpBridge.EndToEnd.Tests;
