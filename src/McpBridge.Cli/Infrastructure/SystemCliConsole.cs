using Spectre.Console;

namespace McpBridge.Cli.Infrastructure;

/// <summary>The process's real stdin, stdout and stderr.</summary>
internal sealed class SystemCliConsole : ICliConsole
{
    // Piped output is read by programs and people's pagers: no escape codes, and no wrapping at 80 columns.
    private const int RedirectedWidth = 240;

    private readonly Lazy<IAnsiConsole> _out = new(CreateOut);

    public IAnsiConsole Out => _out.Value;

    public TextWriter Output => Console.Out;

    public TextWriter Error => Console.Error;

    public TextReader Input => Console.In;

    public bool IsInputRedirected => Console.IsInputRedirected;

    public Stream OpenStandardInput() => Console.OpenStandardInput();

    public Stream OpenStandardOutput() => Console.OpenStandardOutput();

    private static IAnsiConsole CreateOut()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
