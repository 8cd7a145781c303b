namespace McpBridge.Protocol.Api;

/// <summary>Body of <c>POST /api/v1/tunnels</c>: reserve a persistent tunnel name for the account.</summary>
/// <param name="Name">
/// The name, which is also the tunnel's address (<c>{name}.{host}</c>): a DNS label of 3 to 63 lowercase letters,
/// digits and dashes, not starting with <c>temp-</c>, not a reserved word, and not taken by another account or a hosted server.
/// </param>
public sealed record ReserveTunnelRequest(string Name);

/// <summary>The account's tunnels and its plan's tunnel limits (<c>GET /api/v1/tunnels</c>).</summary>
/// <param name="Tunnels">Reserved persistent names and live temporary ones, persistent first, then by name.</param>
/// <param name="Limits">What the plan allows and what the account uses of it.</param>
public sealed record TunnelList(IReadOnlyList<TunnelInfo> Tunnels, TunnelLimits Limits);

/// <summary>One tunnel: its name, addresses, state and traffic.</summary>
/// <param name="Name">The name (the subdomain).</param>
/// <param name="Url">The public URL: <c>https://{name}.{host}</c> when the service has a real domain, else the path form.</param>
/// <param name="PathUrl">The path form of the URL, <c>{service}/t/{name}</c>, which works on every installation.</param>
/// <param name="Temporary">Whether this is a temporary name that expires.</param>
/// <param name="ExpiresAt">When a temporary name expires; <see langword="null"/> for persistent names.</param>
/// <param name="Status"><see cref="TunnelStatus.Online"/> while an agent is connected, else <see cref="TunnelStatus.Offline"/>.</param>
/// <param name="ConnectedSince">When the connected agent connected; <see langword="null"/> when offline.</param>
/// <param name="LastSeen">When an agent was last heard from (now-ish while online); <see langword="null"/> if never.</param>
/// <param name="RemoteAddress">The connected agent's address, as the relay sees it; <see langword="null"/> when offline.</param>
/// <param name="RequestsToday">Requests forwarded today (UTC).</param>
/// <param name="BytesToday">Body bytes in and out today (UTC).</param>
/// <param name="RequestsThisMonth">Requests forwarded this calendar month (UTC).</param>
/// <param name="CreatedAt">When the name was reserved or issued.</param>
public sealed record TunnelInfo(
    string Name,
    string Url,
    string PathUrl,
    bool Temporary,
    DateTimeOffset? ExpiresAt,
    string Status,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastSeen,
    string? RemoteAddress,
    long RequestsToday,
    long BytesToday,
    long RequestsThisMonth,
    DateTimeOffset CreatedAt);

/// <summary>A plan's tunnel limits and the account's use of them. A <see langword="null"/> limit means unlimited.</summary>
/// <param name="Plan">The plan id.</param>
/// <param name="PersistentUsed">Persistent names the account has reserved.</param>
/// <param name="PersistentAllowed">Persistent names the plan allows.</param>
/// <param name="TemporaryLive">Temporary tunnels of the account connected now.</param>
/// <param name="TemporaryAllowed">Temporary tunnels the plan allows connected at a time.</param>
/// <param name="RequestsThisMonth">Requests through the account's tunnels this calendar month (UTC).</param>
/// <param name="MonthlyRequestsAllowed">Requests the plan allows a month.</param>
/// <param name="MonthResetsAt">When the monthly count starts again from zero.</param>
public sealed record TunnelLimits(
    string Plan,
    int PersistentUsed,
    int? PersistentAllowed,
    int TemporaryLive,
    int? TemporaryAllowed,
    long RequestsThisMonth,
    long? MonthlyRequestsAllowed,
    DateTimeOffset MonthResetsAt);

/// <summary>The values of <see cref="TunnelInfo.Status"/>.</summary>
public static class TunnelStatus
{
    /// <summary>An agent is connected: requests are forwarded to it.</summary>
    public const string Online = "online";

    /// <summary>No agent is connected: requests get 503 <see cref="ErrorCodes.TunnelOffline"/>.</summary>
    public const string Offline = "offline";
}
