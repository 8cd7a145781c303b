using McpBridge.ConformanceTools;

return await ConformanceToolsCommand.RunAsync(args, Console.Out, Console.Error);
