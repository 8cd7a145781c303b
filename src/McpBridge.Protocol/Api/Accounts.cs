namespace McpBridge.Protocol.Api;

/// <summary>Body of <c>POST /api/v1/signup</c>.</summary>
/// <param name="Name">An optional display name for the new account.</param>
public sealed record SignupRequest(string? Name = null);

/// <summary>Answer to <c>POST /api/v1/signup</c>: the new account and its first API key (shown once).</summary>
/// <param name="AccountId">The new account's id.</param>
/// <param name="ApiKey">The account API key. It is shown only here; store it safely.</param>
/// <param name="Plan">The plan the account starts on.</param>
public sealed record SignupResponse(string AccountId, string ApiKey, string Plan);

/// <summary>An account as <c>GET /api/v1/account</c> shows it.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The display name, if any.</param>
/// <param name="Plan">The account's plan and its limits.</param>
/// <param name="IsAdmin">Whether the account may use the admin routes.</param>
/// <param name="GitHubLogin">The linked GitHub login, if a GitHub identity is attached.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Usage">What the account uses of its plan right now.</param>
public sealed record AccountInfo(
    string Id,
    string? Name,
    PlanInfo Plan,
    bool IsAdmin,
    string? GitHubLogin,
    DateTimeOffset CreatedAt,
    AccountUsage Usage);

/// <summary>What an account uses of its plan.</summary>
/// <param name="Servers">Servers the account has.</param>
/// <param name="CallsThisMonth">Metered calls in the current calendar month (UTC).</param>
/// <param name="MonthResetsAt">When the monthly call count starts again from zero.</param>
public sealed record AccountUsage(int Servers, long CallsThisMonth, DateTimeOffset MonthResetsAt);

/// <summary>A plan and its limits. A <see langword="null"/> limit means unlimited.</summary>
/// <param name="Id">The plan id, e.g. <c>free</c>, <c>pro</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="MaxServers">Hosted servers per account.</param>
/// <param name="MaxToolsPerServer">Tools per hosted server.</param>
/// <param name="MonthlyCalls">Metered calls per calendar month.</param>
/// <param name="CallsPerMinute">Metered calls per minute.</param>
/// <param name="PremiumConnectors">Whether premium connectors may be used.</param>
/// <param name="MaxPersistentTunnels">Persistent tunnel names per account.</param>
/// <param name="MaxTemporaryTunnels">Temporary tunnels connected at a time.</param>
/// <param name="MonthlyTunnelRequests">Requests through the account's tunnels per calendar month.</param>
public sealed record PlanInfo(
    string Id,
    string Name,
    int? MaxServers,
    int? MaxToolsPerServer,
    long? MonthlyCalls,
    int? CallsPerMinute,
    bool PremiumConnectors,
    int? MaxPersistentTunnels = null,
    int? MaxTemporaryTunnels = null,
    long? MonthlyTunnelRequests = null);

/// <summary>Body of <c>PUT /api/v1/admin/accounts/{id}/plan</c>.</summary>
/// <param name="Plan">The plan id to move the account to.</param>
public sealed record SetPlanRequest(string Plan);

/// <summary>One account in the admin listing.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The display name, if any.</param>
/// <param name="Plan">The plan id.</param>
/// <param name="IsAdmin">Whether the account is an administrator.</param>
/// <param name="Servers">How many servers it has.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record AdminAccountInfo(string Id, string? Name, string Plan, bool IsAdmin, int Servers, DateTimeOffset CreatedAt);

/// <summary>One line of an account's audit log.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a key prefix, or <c>admin:{account}</c>).</param>
/// <param name="Action">What was done, e.g. <c>server.create</c>.</param>
/// <param name="Target">What it was done to, e.g. a server id.</param>
/// <param name="Detail">A short human-readable detail; never a secret.</param>
public sealed record AuditEntryInfo(DateTimeOffset At, string Actor, string Action, string? Target, string? Detail);
