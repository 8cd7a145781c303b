using System.CommandLine;
using McpBridge.Cli.Configuration;
using McpBridge.Client;

namespace McpBridge.Cli.Infrastructure;

/// <summary>Everything an API command runs with: its parsed command line, a ready client, and where to write.</summary>
internal sealed record ApiInvocation(ParseResult ParseResult, McpBridgeApiClient Client, ConnectionSettings Connection, CliConfig Config, CommandOutput Output);
