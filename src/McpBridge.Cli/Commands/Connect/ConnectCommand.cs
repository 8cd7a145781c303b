using System.CommandLine;
using McpBridge.Cli.Connect;
using McpBridge.Cli.Infrastructure;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;

namespace McpBridge.Cli.Commands.Connect;

/// <summary>
/// <c>mcp-bridge connect URL</c>: speaks MCP over stdio to a local client (Claude Desktop, anything that only
/// spawns processes) and over HTTP to a remote endpoint. Only JSON-RPC is ever written to stdout.
/// </summary>
internal sealed class ConnectCommand : ActionCommand
{
    private static readonly Argument<Uri> s_url = CreateUrlArgument();

    private static readonly Option<string?> s_key = new("--key")
    {
        Description = "The server key, sent as Authorization: Bearer KEY.",
        HelpName = "KEY",
    };

    private static readonly Option<string[]> s_headers = CreateHeaderOption();

    private static readonly Option<string> s_transport = CreateTransportOption();

    private static readonly Option<bool> s_verbose = new("--verbose", "-v")
    {
        Description = "Log every message and transport detail to stderr.",
    };

    public ConnectCommand(CliContext context)
        : base("connect", "Bridge a stdio MCP client (e.g. Claude Desktop) to a remote MCP server over HTTP. Exits when stdin closes.", context)
    {
        Arguments.Add(s_url);
        Options.Add(s_key);
        Options.Add(s_headers);
        Options.Add(s_transport);
        Options.Add(s_verbose);
        Examples =
        [
            "mcp-bridge connect https://notes.bridge.example.com/mcp --key mcpb_sk_...",
            "mcp-bridge connect http://127.0.0.1:5000/s/notes/sse --key mcpb_sk_... --transport sse",
            "mcp-bridge connect https://example.com/mcp --header \"X-Team: blue\"",
            "Claude Desktop: { \"command\": \"mcp-bridge\", \"args\": [\"connect\", \"https://.../mcp\", \"--key\", \"mcpb_sk_...\"] }",
        ];
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CommandOutput output, CancellationToken cancellationToken)
    {
        var url = parseResult.GetRequiredValue(s_url);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in parseResult.GetValue(s_headers) ?? [])
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || header[..colon].Trim().Length == 0)
            {
                return output.UsageError($"--header '{header}': expected \"Name: value\"");
            }

            headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
        }

        if (parseResult.GetValue(s_key) is { Length: > 0 } key)
        {
            headers["Authorization"] = "Bearer " + key;
        }

        var verbose = parseResult.GetValue(s_verbose);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning)

            // The SDK logs each failure with a stack trace; without --verbose the one-line error below says it.
            .AddFilter("ModelContextProtocol", verbose ? LogLevel.Debug : LogLevel.None)
            .AddSimpleConsole(console => console.SingleLine = true)

            // stdout belongs to the JSON-RPC stream: every log line goes to stderr.
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        // What people see in messages: never the key, even if it was put in the query string.
        var endpoint = url.GetLeftPart(UriPartial.Path);

        await using var remote = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = url,
                TransportMode = parseResult.GetValue(s_transport) switch
                {
                    "sse" => HttpTransportMode.Sse,
                    "streamable-http" => HttpTransportMode.StreamableHttp,
                    _ => HttpTransportMode.AutoDetect,
                },
                AdditionalHeaders = headers,
                Name = "mcp-bridge connect",
            },
            loggerFactory);
        await using var local = new StreamServerTransport(
            new CancelableInputStream(Context.Console.OpenStandardInput()),
            Context.Console.OpenStandardOutput(),
            "mcp-bridge connect",
            loggerFactory);

        var bridge = new StdioBridge(local, remote, endpoint, loggerFactory.CreateLogger<StdioBridge>());
        var outcome = await bridge.RunAsync(cancellationToken);
        if (outcome.Failure is not { } failure)
        {
            return ExitCodes.Success;
        }

        output.Error(failure.Message);
        return failure.Kind switch
        {
            RemoteFailureKind.Unauthorized or RemoteFailureKind.Forbidden => ExitCodes.AuthenticationFailed,
            RemoteFailureKind.NotFound => ExitCodes.NotFound,
            RemoteFailureKind.Unreachable => ExitCodes.Unreachable,
            _ => ExitCodes.Failure,
        };
    }

    private static Argument<Uri> CreateUrlArgument()
    {
        var argument = new Argument<Uri>("URL")
        {
            Description = "The remote MCP endpoint, e.g. https://notes.bridge.example.com/mcp (or .../sse for legacy SSE).",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    return uri;
                }

                result.AddError($"'{text}' is not an http(s) URL.");
                return null;
            },
        };
        return argument;
    }

    private static Option<string[]> CreateHeaderOption() => new("--header", "-H")
    {
        Description = "An extra HTTP header for every request (repeatable).",
        HelpName = "\"Name: value\"",
    };

    private static Option<string> CreateTransportOption()
    {
        var option = new Option<string>("--transport")
        {
            Description = "How to talk to the remote: try Streamable HTTP then SSE (auto), or only one of them.",
            HelpName = "auto|streamable-http|sse",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "streamable-http", "sse");
        return option;
    }
}
