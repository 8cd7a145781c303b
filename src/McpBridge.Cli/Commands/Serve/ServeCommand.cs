using System.CommandLine;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Commands.Serve;

/// <summary><c>mcp-bridge serve</c>: runs the cloud in this process until Ctrl+C.</summary>
internal sealed class ServeCommand : ActionCommand
{
    private static readonly Option<string?> s_urls = new("--urls")
    {
        Description = "Addresses to listen on, separated by ';' (default: http://127.0.0.1:5000).",
        HelpName = "URL",
    };

    private static readonly Option<string?> s_dataDir = new("--data-dir")
    {
        Description = "Folder for the SQLite database, encryption keys and servers' files (default: $XDG_DATA_HOME/mcp-bridge or ~/.local/share/mcp-bridge; %LOCALAPPDATA%\\mcp-bridge on Windows).",
        HelpName = "DIR",
    };

    private static readonly Option<string?> s_db = new("--db")
    {
        Description = "A PostgreSQL connection string, to use PostgreSQL instead of SQLite.",
        HelpName = "CONNECTION_STRING",
    };

    private static readonly Option<string?> s_publicUrl = new("--public-url")
    {
        Description = "The URL clients reach this server at, used in endpoints and snippets (e.g. https://bridge.example.com).",
        HelpName = "URL",
    };

    private static readonly Option<string?> s_trustedProxies = new("--trusted-proxies")
    {
        Description = "Reverse proxies in front of this server whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or CIDR networks, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8). Without it those headers are ignored.",
        HelpName = "LIST",
    };

    private static readonly Argument<string[]> s_passThrough = new("ARGS")
    {
        Description = "Further ASP.NET Core configuration, after `--` (e.g. -- --Logging:LogLevel:Default=Debug).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public ServeCommand(CliContext context)
        : base("serve", "Run the MCP Bridge cloud (REST API, hosted MCP servers) in this process until Ctrl+C.", context)
    {
        Options.Add(s_urls);
        Options.Add(s_dataDir);
        Options.Add(s_db);
        Options.Add(s_publicUrl);
        Options.Add(s_trustedProxies);
        Arguments.Add(s_passThrough);
        Examples =
        [
            "mcp-bridge serve",
            "mcp-bridge serve --urls http://0.0.0.0:8080 --public-url https://bridge.example.com",
            "mcp-bridge serve --public-url https://bridge.example.com --trusted-proxies 127.0.0.1",
            "mcp-bridge serve --db \"Host=localhost;Database=mcpbridge;Username=app;Password=...\"",
            "mcp-bridge serve -- --Logging:LogLevel:Default=Debug",
        ];
    }

    /// <summary>
    /// Ctrl+C stops the host gracefully: requests finish and queued usage is written. The host allows itself
    /// <see cref="Microsoft.Extensions.Hosting.HostOptions.ShutdownTimeout"/> (30 s by default) for that, so the
    /// process must not be torn down sooner.
    /// </summary>
    public override TimeSpan TerminationTimeout => TimeSpan.FromSeconds(45);

    /// <summary>Maps the options to ASP.NET Core configuration arguments, pass-through arguments last.</summary>
    public static string[] BuildHostArgs(ParseResult parseResult)
    {
        var args = new List<string>();
        Add(args, "--urls", parseResult.GetValue(s_urls));
        Add(args, "--DataDir", parseResult.GetValue(s_dataDir));
        Add(args, "--ConnectionStrings:Default", parseResult.GetValue(s_db));
        Add(args, "--PublicUrl", parseResult.GetValue(s_publicUrl));
        Add(args, "--TrustedProxies", parseResult.GetValue(s_trustedProxies));
        args.AddRange(parseResult.GetValue(s_passThrough) ?? []);
        return [.. args];
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken)
    {
        try
        {
            await Context.RunServerAsync(BuildHostArgs(parseResult), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the host stopped as asked.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A port in use, a database that cannot be opened, invalid options: one line, not a stack trace.
            output.Error("the server stopped: " + ex.Message);
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    private static void Add(List<string> args, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            args.Add(name);
            args.Add(value);
        }
    }
}
