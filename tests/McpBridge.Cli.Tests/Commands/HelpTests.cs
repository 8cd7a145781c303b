using System.CommandLine;
using McpBridge.Cli.Commands;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.Commands;

[Collection(CliCollection.Name)]
public sealed class HelpTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        var root = new McpBridgeRootCommand(new CliContext(new TestConsole(), new TestEnvironment()));
        foreach (var path in Walk(root, []))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_DescribesTheCommandWithExamples(string commandPath)
    {
        var args = commandPath.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();

        var run = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.StdErr);
        Assert.Contains("Description:", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.StdOut, StringComparison.Ordinal);
        Assert.Contains($"mcp-bridge {commandPath}".TrimEnd(), run.StdOut, StringComparison.Ordinal);
        var examplesAt = run.StdOut.IndexOf("Examples:", StringComparison.Ordinal);
        Assert.True(examplesAt >= 0, "no Examples section");
        Assert.Contains("mcp-bridge", run.StdOut[examplesAt..], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommand_HasADescriptionAndEveryArgumentAndOptionToo()
    {
        var root = new McpBridgeRootCommand(new CliContext(new TestConsole(), new TestEnvironment()));
        foreach (var command in Commands(root))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"'{command.Name}' has no description.");
            Assert.All(command.Arguments, a => Assert.False(string.IsNullOrWhiteSpace(a.Description), $"argument {a.Name} of '{command.Name}' has no description."));
            Assert.All(command.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"option {o.Name} of '{command.Name}' has no description."));
        }
    }

    [Fact]
    public async Task Help_ListsGlobalOptions_OnASubcommand()
    {
        var run = await _cli.RunAsync("servers", "list", "--help");

        Assert.Contains("--server <URL>", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("--api-key <KEY>", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("--json", run.StdOut, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Walk(Command command, string[] path)
    {
        yield return string.Join(' ', path);
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var child in Walk(subcommand, [.. path, subcommand.Name]))
            {
                yield return child;
            }
        }
    }

    private static IEnumerable<Command> Commands(Command command) =>
        command.Subcommands.SelectMany(Commands).Prepend(command);

    public void Dispose() => _cli.Dispose();
}
