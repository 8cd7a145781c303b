using System.Globalization;
using System.Text.Json;
using McpBridge.Cli.Commands.Observe;
using McpBridge.Cli.Infrastructure;
using McpBridge.Client.Tunnels;

namespace McpBridge.Cli.Commands.Start;

/// <summary>
/// What <c>start</c> prints: a ✓ line per step, the public URL, client configuration, then a line per request and
/// yellow lines for what happens to the connection. The tunnel's events arrive on other threads: every write takes
/// one lock so lines never interleave. With <c>--json</c>, stdout gets one JSON line when ready and nothing else;
/// what would be yellow goes to stderr.
/// </summary>
internal sealed class TunnelView(CommandOutput output, TimeProvider time, bool quiet)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly object _gate = new();
    private volatile bool _stopping;

    /// <summary>Set once the command is stopping: what the local server's sources say then (a child ending) is noise.</summary>
    public bool IsStopping => _stopping;

    public void Step(string text)
    {
        lock (_gate)
        {
            output.Line($"[green]✓[/] {CommandOutput.Escape(text)}");
        }
    }

    public void Warning(string text)
    {
        lock (_gate)
        {
            if (output.IsJson)
            {
                output.Warning(text);
            }
            else
            {
                output.Line($"[yellow]{CommandOutput.Escape(text)}[/]");
            }
        }
    }

    /// <summary>From now on <see cref="IsStopping"/>; <paramref name="announce"/> prints "Stopping..." (Ctrl+C, not a failure already reported).</summary>
    public void Stopping(bool announce = true)
    {
        _stopping = true;
        if (announce)
        {
            Note("Stopping...");
        }
    }

    /// <summary>A grey line: a step in progress ("Stopping..."), a local server's own stderr.</summary>
    public void Note(string text)
    {
        lock (_gate)
        {
            if (output.IsJson)
            {
                output.Console.Error.WriteLine(text);
            }
            else
            {
                output.Line($"[grey]{CommandOutput.Escape(text)}[/]");
            }
        }
    }

    public void Error(string message, string? hint = null)
    {
        lock (_gate)
        {
            output.Error(message);
            if (hint is not null)
            {
                output.Hint(hint);
            }
        }
    }

    /// <summary>The URL, how long it lasts, and how to use it; then the header of the request lines.</summary>
    public void Ready(StartPlan plan, CloudConnection connection, Uri local, int? tools)
    {
        lock (_gate)
        {
            if (output.IsJson)
            {
                var result = new TunnelReadyResult(connection.Url.AbsoluteUri, connection.Subdomain, connection.ExpiresAt, plan.Type, local.AbsoluteUri, tools);
                output.Console.Output.WriteLine(JsonSerializer.Serialize(result, s_json));
                output.Console.Output.Flush();
                return;
            }

            var url = connection.Url.AbsoluteUri.TrimEnd('/');
            output.Line();
            output.Line(plan.ServesMcp
                ? $"  [bold]{CommandOutput.Escape(url)}[/]"
                : $"  [bold]{CommandOutput.Escape(url)}[/]  →  {CommandOutput.Escape(local.AbsoluteUri.TrimEnd('/'))}");
            if (connection.ExpiresAt is { } expiresAt)
            {
                output.Line($"  [grey]Temporary: {CommandOutput.Escape(ExpiryText(expiresAt))}[/]");
            }

            if (plan.ServesMcp)
            {
                output.Line();
                output.Line("[bold]Connect a client[/] (the URL is the MCP endpoint; anyone with it can use your tools):");
                SnippetViews.Render(output, TunnelSnippets.Build(connection.Subdomain, connection.Url));
            }

            output.Line();
            output.Line(quiet ? "[grey]Running; Ctrl+C to stop.[/]" : "[grey]Requests (Ctrl+C to stop):[/]");
        }
    }

    public void Request(TunnelRequestEventArgs request)
    {
        if (quiet || output.IsJson)
        {
            return;
        }

        var at = time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var colour = request.Status switch
        {
            < 300 => "green",
            < 400 => "blue",
            < 500 => "yellow",
            _ => "red",
        };
        var milliseconds = Math.Round(request.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        lock (_gate)
        {
            output.Line($"{at}  {CommandOutput.Escape(request.Method)} {CommandOutput.Escape(PathOf(request.Target))}  [{colour}]{request.Status}[/]  {milliseconds} ms");
        }
    }

    /// <summary>"expires in 1h 59m (at 14:05)", in the user's time zone.</summary>
    public string ExpiryText(DateTimeOffset expiresAt)
    {
        var left = expiresAt - time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(expiresAt, time.LocalTimeZone);
        return $"expires in {Span(left)} (at {local.ToString("HH:mm", CultureInfo.InvariantCulture)})";
    }

    /// <summary>"1h 59m", "12m", "less than a minute".</summary>
    public static string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "less than a minute",
        { TotalHours: < 1 } => $"{span.Minutes}m",
        _ => $"{(int)span.TotalHours}h {span.Minutes}m",
    };

    // The query may carry what the caller meant to keep private (a token, a signed webhook): the path is enough.
    private static string PathOf(string target)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? target : target[..question] + "?…";
    }
}
