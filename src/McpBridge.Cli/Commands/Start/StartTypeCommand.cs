using System.CommandLine;
using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Local;
using McpBridge.Client;
using McpBridge.Client.Tunnels;
using McpBridge.Mcp.Sources;

namespace McpBridge.Cli.Commands.Start;

/// <summary>
/// One <c>start TYPE</c> verb. The subclass turns its options into a <see cref="StartPlan"/>; this class does the rest
/// in order, so that every mistake shows before anything is exposed: check the command line, the account, start the
/// local MCP server (and see its tools), then connect the tunnel and run until Ctrl+C.
/// </summary>
internal abstract class StartTypeCommand : ActionCommand
{
    protected StartTypeCommand(string name, string description, CliContext context)
        : base(name, description, context)
    {
    }

    /// <summary>Ctrl+C closes the tunnel (up to 5 s) and stops the local server and its child processes.</summary>
    public override TimeSpan TerminationTimeout => TimeSpan.FromSeconds(20);

    /// <summary>Reads the type's options; adds a message per problem to <paramref name="errors"/> and returns null if any.</summary>
    protected abstract StartPlan? Plan(ParseResult parseResult, List<string> errors);

    /// <summary>A path as the user meant it: <c>~</c> is their home folder (a quoted or Windows path is not expanded by a shell).</summary>
    protected string FullPath(string path)
    {
        var home = Context.Environment.GetVariable(EnvironmentVariables.Home) ?? Context.Environment.GetVariable("USERPROFILE");
        if (home is not null && (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)))
        {
            path = Path.Combine(home, path.Length > 2 ? path[2..] : string.Empty);
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    protected sealed override async Task<int> ExecuteAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var plan = Plan(parseResult, errors);
        var cloud = parseResult.GetValue(StartOptions.Cloud);
        var temporary = parseResult.GetValue(StartOptions.Temp);
        if (cloud && temporary)
        {
            errors.Add("--cloud and --temp cannot be used together: choose one");
        }
        else if (!cloud && !temporary)
        {
            errors.Add("add --cloud (a URL that never changes; needs an account) or --temp (a 2-hour URL; no account needed)");
        }

        var name = parseResult.GetValue(StartOptions.Name)?.Trim().ToLowerInvariant();
        if (name is { Length: > 0 } && TunnelNames.Check(name, temporary) is { } nameError)
        {
            errors.Add(nameError);
        }

        if (plan is { ServesMcp: false } && parseResult.GetValue(StartOptions.Port) is not null)
        {
            errors.Add($"--port sets the local MCP server's port; {plan.Type} runs none (it forwards to --target)");
        }

        if (errors.Count > 0 || plan is null)
        {
            foreach (var error in errors)
            {
                output.Error(error);
            }

            output.Hint($"see `mcp-bridge start {Name} --help`");
            return ExitCodes.UsageError;
        }

        var config = await Context.ConfigStore.LoadAsync(cancellationToken);
        var server = parseResult.GetValue(GlobalOptions.Server);
        var apiKey = parseResult.GetValue(GlobalOptions.ApiKey);
        if (!ConnectionResolver.TryResolve(server, apiKey, Context.Environment, config, out var connection, out var connectionError))
        {
            return output.UsageError(connectionError);
        }

        if (cloud && connection.ApiKey is null)
        {
            output.Error($"--cloud needs an account on {connection.ServerText}");
            output.Hint("run `mcp-bridge signup` or `mcp-bridge login --api-key KEY`; or use --temp for a 2-hour URL without one");
            return ExitCodes.AuthenticationFailed;
        }

        if (cloud && string.IsNullOrEmpty(name))
        {
            var (defaultName, exitCode) = await DefaultNameAsync(plan, connection, output, cancellationToken);
            if (defaultName is null)
            {
                return exitCode;
            }

            name = defaultName;
        }

        var quiet = parseResult.GetValue(StartOptions.Quiet);
        var view = new TunnelView(output, Context.Time, quiet);
        var events = new LocalSourceEvents((level, message) =>
        {
            if (view.IsStopping)
            {
                return;
            }

            if (level == SourceEventLevel.Info)
            {
                if (!quiet)
                {
                    view.Note($"[{plan.Type}] {message}");
                }
            }
            else
            {
                view.Warning($"[{plan.Type}] {message}");
            }
        });

        var started = plan.Source is { } source
            ? await LocalMcpHost.StartAsync(new LocalMcpHostOptions
            {
                Sources = [source],
                Port = parseResult.GetValue(StartOptions.Port),
                ServerName = $"mcp-bridge/{plan.Type}",
                Events = events,
                TimeProvider = Context.Time,
            }, cancellationToken)
            : null;
        await using var host = started?.Host;
        if (started is { Error: { } startError })
        {
            view.Error($"the {plan.Title} server could not start: {startError}");
            return ExitCodes.Failure;
        }

        try
        {
            if (await ReadyLocalSideAsync(plan, host, view, cancellationToken) is not ({ } local, var tools))
            {
                return ExitCodes.Failure;
            }

            await using var agent = Context.CreateTunnel(new CloudConnectorOptions
            {
                ServerUrl = connection.Server,
                ApiKey = connection.ApiKey,
                LocalPort = host?.Port,
                TargetUrl = host is null ? local : null,
                Name = string.IsNullOrEmpty(name) ? null : name,
                Temporary = temporary,
            });
            return await new TunnelSession(agent, view, plan, host, local, tools, connection, quiet).RunAsync(cancellationToken);
        }
        finally
        {
            // Whatever ends the command, what the local server's sources say while it stops is noise.
            view.Stopping(announce: false);
        }
    }

    /// <summary>
    /// Checks the local side before anything is exposed: the MCP server lists its tools (and answers the plan's check
    /// tool), or the proxy target is probed. Returns what the tunnel forwards to and the tool count; a null URL after
    /// reporting why the server cannot serve.
    /// </summary>
    private static async Task<(Uri? Local, int? Tools)> ReadyLocalSideAsync(StartPlan plan, LocalMcpHost? host, TunnelView view, CancellationToken cancellationToken)
    {
        if (host is null)
        {
            var target = plan.Target!;
            if (await TargetProbe.AnswersAsync(target, cancellationToken))
            {
                view.Step($"{target.AbsoluteUri.TrimEnd('/')} answers");
            }
            else
            {
                view.Warning($"Nothing answers at {target.AbsoluteUri.TrimEnd('/')} yet: requests get 502 until it does.");
            }

            return (target, null);
        }

        var (_, state, tools) = (await host.Composite.ProbeSourcesAsync(plan.StartWait, cancellationToken))[0];
        if (state.Status is SourceStatus.Failed or SourceStatus.Starting)
        {
            view.Error($"the {plan.Title} server did not start: {state.Error ?? "no answer"}");
            return (null, null);
        }

        if (plan.CheckTool is { } check && await host.CheckToolAsync(check, cancellationToken) is { } checkError)
        {
            view.Error($"the {plan.Title} server is not working: {checkError}");
            return (null, null);
        }

        view.Step($"{plan.Title} server on {host.Url.AbsoluteUri.TrimEnd('/')} ({tools} tool{(tools == 1 ? "" : "s")})");
        return (host.Url, tools);
    }

    private async Task<(string? Name, int ExitCode)> DefaultNameAsync(StartPlan plan, ConnectionSettings connection, CommandOutput output, CancellationToken cancellationToken)
    {
        using var client = Context.CreateClient(connection.Server, connection.ApiKey);
        try
        {
            var account = await client.GetAccountAsync(cancellationToken);
            return (TunnelNames.DefaultCloudName(account.Name, account.GitHubLogin, plan.NameHint), ExitCodes.Success);
        }
        catch (McpBridgeApiException ex)
        {
            return (null, ApiErrorReporter.Report(output, ex, connection));
        }
        catch (McpBridgeConnectionException ex)
        {
            return (null, ApiErrorReporter.ReportUnreachable(output, ex, connection));
        }
    }
}
