return await McpBridge.Cli.CliApp.RunAsync(args);
