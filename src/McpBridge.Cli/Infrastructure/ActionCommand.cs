using System.CommandLine;
using McpBridge.Cli.Configuration;

namespace McpBridge.Cli.Infrastructure;

/// <summary>A command that does something (as opposed to a group like <c>servers</c>). Turns failures into exit codes.</summary>
internal abstract class ActionCommand : CliCommand
{
    protected ActionCommand(string name, string description, CliContext context)
        : base(name, description)
    {
        Context = context;
        SetAction(InvokeAsync);
    }

    protected CliContext Context { get; }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = new CommandOutput(Context.Console, parseResult.GetValue(GlobalOptions.Json), Context.Time);
        try
        {
            return await ExecuteAsync(parseResult, output, cancellationToken);
        }
        catch (CliConfigException ex)
        {
            output.Error(ex.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Error("cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
