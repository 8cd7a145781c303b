using McpBridge.Cli.Infrastructure;
using Spectre.Console;

namespace McpBridge.Cli.Tests.Support;

/// <summary>A console that records stdout and stderr, with scripted stdin.</summary>
internal sealed class TestConsole : ICliConsole
{
    private readonly WatchedWriter _stdout = new();
    private readonly WatchedWriter _stderr = new();

    public TestConsole(string stdin = "", bool isInputRedirected = true)
        : this(new StringReader(stdin), isInputRedirected)
    {
    }

    public TestConsole(TextReader input, bool isInputRedirected)
    {
        Input = input;
        IsInputRedirected = isInputRedirected;
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_stdout),
        });

        // Wide enough that tables never wrap the values tests look for.
        Out.Profile.Width = 240;
    }

    public IAnsiConsole Out { get; }

    public TextWriter Output => _stdout;

    public TextWriter Error => _stderr;

    public TextReader Input { get; }

    public bool IsInputRedirected { get; }

    public string StdOut => _stdout.Text;

    public string StdErr => _stderr.Text;

    /// <summary>Completes once stdout contains <paramref name="text"/> (a command still running has printed it).</summary>
    public Task WaitForStdOutAsync(string text) => _stdout.WaitForAsync(text);

    /// <summary>Completes once stderr contains <paramref name="text"/>.</summary>
    public Task WaitForStdErrAsync(string text) => _stderr.WaitForAsync(text);

    public Stream OpenStandardInput() => throw new NotSupportedException("In-process tests do not use raw stdin.");

    public Stream OpenStandardOutput() => throw new NotSupportedException("In-process tests do not use raw stdout.");
}
