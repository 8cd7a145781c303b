using Spectre.Console;

namespace McpBridge.Cli.Infrastructure;

/// <summary>The terminal as commands see it; tests substitute one that records what was written.</summary>
internal interface ICliConsole
{
    /// <summary>Human-readable output on stdout: tables, colours, spinners.</summary>
    IAnsiConsole Out { get; }

    /// <summary>Plain stdout, for JSON output and help text.</summary>
    TextWriter Output { get; }

    /// <summary>stderr: errors, hints, warnings and prompts.</summary>
    TextWriter Error { get; }

    /// <summary>stdin as text, for confirmations.</summary>
    TextReader Input { get; }

    /// <summary>Whether stdin is a pipe or file rather than a person at a terminal.</summary>
    bool IsInputRedirected { get; }

    /// <summary>stdin as raw bytes (the <c>connect</c> bridge speaks JSON-RPC over it).</summary>
    Stream OpenStandardInput();

    /// <summary>stdout as raw bytes (the <c>connect</c> bridge speaks JSON-RPC over it).</summary>
    Stream OpenStandardOutput();
}
