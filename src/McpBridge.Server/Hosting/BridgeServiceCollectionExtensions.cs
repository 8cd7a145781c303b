using System.Threading.RateLimiting;
using McpBridge.Connectors;
using McpBridge.Mcp.Http;
using McpBridge.Protocol.Api;
using McpBridge.Server.Accounts;
using McpBridge.Server.Accounts.Device;
using McpBridge.Server.Admin;
using McpBridge.Server.Catalog;
using McpBridge.Server.Common;
using McpBridge.Server.Dashboard;
using McpBridge.Server.Data;
using McpBridge.Server.Deployment;
using McpBridge.Server.Gateway;
using McpBridge.Server.Keys;
using McpBridge.Server.Metering;
using McpBridge.Server.Plans;
using McpBridge.Server.Servers;
using McpBridge.Server.Tunnels;
using McpBridge.Server.Tunnels.Relay;
using McpBridge.Server.Usage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace McpBridge.Server.Hosting;

internal static class BridgeServiceCollectionExtensions
{
    /// <summary>Registers everything <c>mcp-bridge serve</c> runs.</summary>
    public static WebApplicationBuilder AddBridgeServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        // Registration itself needs a few settings (folders, database, keys); everything else reads IOptions, which
        // is read the same way, so a new setting cannot be left out of one of the two.
        var bridge = ReadOptions(configuration, new BridgeOptions());
        Directory.CreateDirectory(bridge.DataDir);
        Directory.CreateDirectory(bridge.ServersDirectory);

        services.AddOptions<BridgeOptions>().Configure(o => ReadOptions(configuration, o))
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https"),
                "PublicUrl must be an absolute http(s) URL, e.g. https://mcp-bridge.example.com").ValidateOnStart();
        services.AddSingleton<IValidateOptions<BridgeOptions>, TrustedProxiesValidation>();

        var connectionString = configuration.GetConnectionString("Default") is { Length: > 0 } configured
            ? configured
            : BridgeDatabase.DefaultSqliteConnectionString(bridge.DataDir);
        services.AddPooledDbContextFactory<BridgeDbContext>(o => BridgeDatabase.Configure(o, connectionString));
        services.AddHostedService<DatabaseMigrator>();

        services.AddDataProtection()
            .SetApplicationName("mcp-bridge")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(bridge.DataDir, "keys")));

        services.AddMcpHttpTransports();
        services.AddOptions<McpHttpOptions>().PostConfigure<IOptions<BridgeOptions>>((o, options) =>
        {
            var host = options.Value.PublicUri.Host;
            o.AllowedHosts.Add(host);
            o.AllowedHosts.Add($"*.{host}");
        });
        services.AddMcpBridgeConnectors();
        services.AddCatalogPackages();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KeyUsageTracker>();
        services.AddSingleton<KeyService>();
        services.AddSingleton<ServerKeyService>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<PlanCatalog>();
        services.AddSingleton<PlanLimits>();
        services.AddSingleton<QuotaCounter>();
        services.AddSingleton<RateGate>();
        services.AddSingleton<EndpointUrls>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ServerService>();
        services.AddSingleton<ToolService>();
        services.AddSingleton<SourceFactory>();
        services.AddSingleton<LiveServerRegistry>();
        services.AddSingleton<DeployService>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<MeteringPipeline>();
        services.AddSingleton<MeteringWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<MeteringWriter>());
        services.AddHostedService<KeyUsageFlusher>();
        services.AddHostedService<StartupBanner>();
        services.AddSingleton<McpGatewayFilter>();
        services.AddSingleton<IMcpRequestGate, PlanGate>();
        services.AddTunnels();
        services.AddTunnelRelay();

        // No default scheme: requests are authenticated only where a policy asks for the API key scheme (the REST API),
        // so MCP endpoints, which check server keys themselves, pay nothing for it.
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddDashboard(configuration, authentication, bridge);
        services.AddSingleton<DashboardAssets>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminEndpoints.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Caller.AdminRole));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AccountEndpoints.SignupRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, context.RequestServices.GetRequiredService<IOptions<BridgeOptions>>().Value.SignupsPerHourPerAddress),
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                }));
            o.AddPolicy(DeviceLoginEndpoints.RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await new ApiError(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests",
                    "Too many requests from this address; try again later.").ToHttp().ExecuteAsync(context.HttpContext);
            };
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (!context.ProblemDetails.Extensions.ContainsKey("code"))
            {
                context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status400BadRequest => ErrorCodes.ValidationFailed,
                    StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
                    StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
                    StatusCodes.Status404NotFound => ErrorCodes.NotFound,
                    StatusCodes.Status409Conflict => ErrorCodes.Conflict,
                    StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
                    StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
                    _ => ErrorCodes.Internal,
                };
            }
        });
        services.AddExceptionHandler<GlobalExceptionHandler>();

        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "MCP Bridge API",
                Version = "v1",
                Description = "Manage hosted MCP servers and tunnels: accounts, servers, tools, deploys, keys, usage, logs and tunnel names. Authenticate with an account key: 'Authorization: Bearer mcpb_ak_...'.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An account API key (mcpb_ak_...).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }));

        return builder;
    }

    /// <summary>Reads the settings into <paramref name="options"/>, filling in what is derived (public URL, full data path).</summary>
    internal static BridgeOptions ReadOptions(IConfiguration configuration, BridgeOptions options)
    {
        configuration.Bind(options);
        if (string.IsNullOrWhiteSpace(options.PublicUrl))
        {
            options.PublicUrl = DerivePublicUrl(configuration["urls"]);
        }

        options.DataDir = Path.GetFullPath(options.DataDir);
        return options;
    }

    /// <summary>The first listening URL, with a wildcard or loopback host written as <c>localhost</c>.</summary>
    private static string DerivePublicUrl(string? urls)
    {
        var first = (urls ?? BridgeServerHost.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? BridgeServerHost.DefaultUrl;
        var normalized = first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return "http://localhost:5000";
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" or "127.0.0.1" or "[::1]" ? "localhost" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.GetLeftPart(UriPartial.Authority);
    }
}
