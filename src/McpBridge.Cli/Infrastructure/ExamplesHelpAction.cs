using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace McpBridge.Cli.Infrastructure;

/// <summary>The standard help page, followed by the command's examples (System.CommandLine 3 has no examples section).</summary>
internal sealed class ExamplesHelpAction(HelpAction inner) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var result = inner.Invoke(parseResult);
        if (parseResult.CommandResult.Command is IHasExamples { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return result;
    }
}
