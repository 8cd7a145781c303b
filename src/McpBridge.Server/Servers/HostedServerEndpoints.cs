using System.Security.Claims;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using McpBridge.Server.Deployment;
using McpBridge.Server.Keys;
using McpBridge.Server.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpBridge.Server.Servers;

internal static class HostedServerEndpoints
{
    public static void MapServerEndpoints(this RouteGroupBuilder api)
    {
        var servers = api.MapGroup("/servers");

        servers.MapGet("/", async (ClaimsPrincipal user, ServerService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(Caller.From(user), ct)))
            .WithSummary("The account's servers").Produces<ServerInfo[]>();

        servers.MapPost("/", async (CreateServerRequest request, ClaimsPrincipal user, ServerService service, CancellationToken ct) =>
            (await service.CreateAsync(Caller.From(user), request, ct)).ToHttp(s => TypedResults.Created($"/api/v1/servers/{s.Id}", s)))
            .WithSummary("Create a server (its slug is derived from the name)").Produces<ServerInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);

        servers.MapGet("/{server}", async (string server, ClaimsPrincipal user, ServerService service, CancellationToken ct) =>
            (await service.GetAsync(Caller.From(user), server, ct)).ToHttp())
            .WithSummary("A server with its draft tools, keys and versions ({server}: id or slug)").Produces<ServerDetail>().ProducesProblem(StatusCodes.Status404NotFound);

        servers.MapDelete("/{server}", async (string server, ClaimsPrincipal user, ServerService service, CancellationToken ct) =>
            (await service.DeleteAsync(Caller.From(user), server, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Delete a server, its keys, versions, usage and files").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        servers.MapGet("/{server}/tools", async (string server, ClaimsPrincipal user, ToolService tools, CancellationToken ct) =>
            (await tools.ListAsync(Caller.From(user), server, ct)).ToHttp())
            .WithSummary("The server's draft tools (secrets masked)").Produces<ToolInfo[]>();

        servers.MapPost("/{server}/tools", async (string server, AddToolRequest request, ClaimsPrincipal user, ToolService tools, CancellationToken ct) =>
            (await tools.AddAsync(Caller.From(user), server, request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/servers/{server}/tools/{t.Id}", t)))
            .WithSummary("Add a connector to the draft; its config is validated against the connector's schema")
            .Produces<ToolInfo>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        servers.MapDelete("/{server}/tools/{tool}", async (string server, string tool, ClaimsPrincipal user, ToolService tools, CancellationToken ct) =>
            (await tools.RemoveAsync(Caller.From(user), server, tool, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Remove a tool from the draft ({tool}: id or name)").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        servers.MapPost("/{server}/deploy", async (string server, DeployRequest? request, ClaimsPrincipal user, DeployService deploys, CancellationToken ct) =>
            (await deploys.DeployAsync(Caller.From(user), server, request ?? new DeployRequest(), ct)).ToHttp())
            .WithSummary("Deploy the draft as a new version, or an earlier version again (rollback)").Produces<DeployResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        servers.MapPost("/{server}/stop", async (string server, ClaimsPrincipal user, DeployService deploys, CancellationToken ct) =>
            (await deploys.SetRunningAsync(Caller.From(user), server, running: false, ct)).ToHttp())
            .WithSummary("Stop serving a deployed server: its endpoint answers 503 until it is started again").Produces<ServerInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        servers.MapPost("/{server}/start", async (string server, ClaimsPrincipal user, DeployService deploys, CancellationToken ct) =>
            (await deploys.SetRunningAsync(Caller.From(user), server, running: true, ct)).ToHttp())
            .WithSummary("Start a stopped server again with its live version").Produces<ServerInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        servers.MapGet("/{server}/versions", async (string server, ClaimsPrincipal user, DeployService deploys, CancellationToken ct) =>
            (await deploys.ListVersionsAsync(Caller.From(user), server, ct)).ToHttp())
            .WithSummary("Deployed versions, newest first").Produces<VersionInfo[]>();

        servers.MapGet("/{server}/keys", async (string server, ClaimsPrincipal user, ServerKeyService keys, CancellationToken ct) =>
            (await keys.ListAsync(Caller.From(user), server, ct)).ToHttp())
            .WithSummary("The server's keys (never the secret part)").Produces<KeyInfo[]>();

        servers.MapPost("/{server}/keys", async (string server, CreateKeyRequest? request, ClaimsPrincipal user, ServerKeyService keys, CancellationToken ct) =>
            (await keys.CreateAsync(Caller.From(user), server, request ?? new CreateKeyRequest(), ct)).ToHttp(k => TypedResults.Created($"/api/v1/servers/{server}/keys/{k.Id}", k)))
            .WithSummary("Create a server key (shown once)").Produces<KeyCreated>(StatusCodes.Status201Created);

        servers.MapPost("/{server}/keys/{keyId}/rotate", async (string server, string keyId, ClaimsPrincipal user, ServerKeyService keys, CancellationToken ct) =>
            (await keys.RotateAsync(Caller.From(user), server, keyId, ct)).ToHttp())
            .WithSummary("Replace a key: a new one is returned (shown once) and the old one stops working").Produces<KeyCreated>();

        servers.MapDelete("/{server}/keys/{keyId}", async (string server, string keyId, ClaimsPrincipal user, ServerKeyService keys, CancellationToken ct) =>
            (await keys.RevokeAsync(Caller.From(user), server, keyId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Revoke a server key").Produces(StatusCodes.Status204NoContent);

        servers.MapGet("/{server}/usage", async (string server, int? days, ClaimsPrincipal user, UsageService usage, CancellationToken ct) =>
            (await usage.GetUsageAsync(Caller.From(user), server, days, ct)).ToHttp())
            .WithSummary("Calls, errors and latency per day and per tool, and the monthly quota").Produces<UsageReport>();

        servers.MapGet("/{server}/logs", async (string server, int? limit, string? level, string? tool, long? before, ClaimsPrincipal user, UsageService usage, CancellationToken ct) =>
            (await usage.GetLogsAsync(Caller.From(user), server, limit, level, tool, before, ct)).ToHttp())
            .WithSummary("The server's event log, newest first (level: lowest level shown; before: page back by id)").Produces<LogEntry[]>();

        servers.MapGet("/{server}/snippets", async (string server, ClaimsPrincipal user, ServerService service, CancellationToken ct) =>
            (await service.GetSnippetsAsync(Caller.From(user), server, ct)).ToHttp())
            .WithSummary("Ready-to-paste configuration for Claude Code, Cursor, VS Code, Claude Desktop, ChatGPT/Claude.ai and curl").Produces<SnippetSet>();
    }
}
