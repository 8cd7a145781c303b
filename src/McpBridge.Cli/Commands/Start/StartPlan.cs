using McpBridge.Cli.Local;

namespace McpBridge.Cli.Commands.Start;

/// <summary>What one <c>start TYPE</c> command line resolved to: a local MCP server to run, or a local target to forward to.</summary>
internal sealed class StartPlan
{
    /// <summary>The type as typed: <c>filesystem</c>, <c>http-proxy</c>, ...</summary>
    public required string Type { get; init; }

    /// <summary>How output names it: "Filesystem", "PostgreSQL".</summary>
    public required string Title { get; init; }

    /// <summary>What the default tunnel name is made from: the folder's or repository's name, the database's, ...</summary>
    public required string NameHint { get; init; }

    /// <summary>The connector to serve locally (MCP types).</summary>
    public LocalSourceSpec? Source { get; init; }

    /// <summary>Where to forward instead (<c>http-proxy</c>): no local MCP server.</summary>
    public Uri? Target { get; init; }

    /// <summary>A tool called once before connecting, so that a source that only fails on use (a database that refuses the login) fails now.</summary>
    public string? CheckTool { get; init; }

    /// <summary>How long the source may take to list its tools at start (a package that downloads first needs longer).</summary>
    public TimeSpan StartWait { get; init; } = TimeSpan.FromSeconds(15);

    public bool ServesMcp => Source is not null;
}
