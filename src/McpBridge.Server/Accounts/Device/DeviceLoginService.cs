using System.Security.Cryptography;
using System.Text;
using McpBridge.Protocol.Api;
using McpBridge.Server.Audit;
using McpBridge.Server.Common;
using McpBridge.Server.Data;
using McpBridge.Server.Data.Entities;
using McpBridge.Server.Keys;
using McpBridge.Server.Servers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace McpBridge.Server.Accounts.Device;

/// <summary>
/// Browser sign-in for the CLI (OAuth 2.0 device authorization grant, RFC 8628): the CLI starts a request and shows a
/// code and a URL, the signed-in user approves the code in the dashboard, and the CLI's next poll receives a new account
/// key. The key is encrypted at rest between approval and that poll, and deleted when handed over.
/// </summary>
internal sealed class DeviceLoginService(
    IDbContextFactory<BridgeDbContext> dbFactory,
    KeyService keys,
    EndpointUrls urls,
    IDataProtectionProvider dataProtection,
    TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Consonants only (RFC 8628 §6.1): no words, no 0/O or 1/I confusion.</summary>
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("McpBridge.DeviceLogin.v1");

    public async Task<Result<DeviceLoginStarted>> StartAsync(DeviceLoginRequest request, string? clientAddress, CancellationToken cancellationToken)
    {
        var clientName = request.ClientName?.Trim();
        if (clientName is { Length: > 100 })
        {
            return ApiError.Validation("clientName", "must be at most 100 characters.");
        }

        var deviceCode = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var userCode = RandomNumberGenerator.GetString(UserCodeAlphabet, 8);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Expired requests are of no use to anyone; drop them as new ones come in.
        await db.DeviceLogins.Where(d => d.ExpiresAt < now.AddHours(-1)).ExecuteDeleteAsync(cancellationToken);
        db.DeviceLogins.Add(new DeviceLogin
        {
            Id = Ids.New("dev"),
            DeviceCodeHash = KeyFormat.Hash(deviceCode),
            UserCode = userCode,
            Status = DeviceLoginStatus.Pending,
            ClientName = string.IsNullOrEmpty(clientName) ? null : clientName,
            ClientAddress = clientAddress,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        var page = urls.Dashboard("/device");
        var shown = FormatUserCode(userCode);
        return new DeviceLoginStarted(deviceCode, shown, page, $"{page}?code={shown}", (int)Lifetime.TotalSeconds, (int)Interval.TotalSeconds);
    }

    /// <summary>The CLI's poll: the key once approved (once only), otherwise a refusal that says what to do.</summary>
    public async Task<Result<DeviceToken>> PollAsync(DeviceTokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.DeviceCode))
        {
            return ApiError.Validation("deviceCode", "is required.");
        }

        var hash = KeyFormat.Hash(request.DeviceCode.Trim());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.DeviceLogins.FirstOrDefaultAsync(d => d.DeviceCodeHash == hash, cancellationToken);
        if (row is null || row.Status == DeviceLoginStatus.Claimed)
        {
            return AlreadyUsed();
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (row.Status == DeviceLoginStatus.Denied)
        {
            return Refusal(ErrorCodes.AccessDenied, "The sign-in was denied in the dashboard.");
        }

        if (row.Status == DeviceLoginStatus.Approved && row.ProtectedKey is { } protectedKey && row.AccountId is { } accountId)
        {
            // Only the poll that moves the row from approved to claimed gets the key: two polls in flight at once (a
            // retried request, a CLI run twice) both read it as approved, and the key must be handed over once.
            var claimed = await db.DeviceLogins
                .Where(d => d.Id == row.Id && d.Status == DeviceLoginStatus.Approved)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeviceLoginStatus.Claimed).SetProperty(d => d.ProtectedKey, (string?)null), cancellationToken);
            if (claimed == 0)
            {
                return AlreadyUsed();
            }

            var (keyId, secret) = Unprotect(protectedKey);
            return new DeviceToken(accountId, secret, keyId);
        }

        if (now >= row.ExpiresAt)
        {
            return Refusal(ErrorCodes.ExpiredToken, "This sign-in request expired before it was approved; start again with `mcp-bridge login`.");
        }

        var tooSoon = row.LastPolledAt is { } last && now - last < Interval - TimeSpan.FromSeconds(1);
        row.LastPolledAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return tooSoon
            ? Refusal(ErrorCodes.SlowDown, $"Poll at most every {Interval.TotalSeconds:0} seconds.")
            : Refusal(ErrorCodes.AuthorizationPending, "Waiting for the user to approve the sign-in in the dashboard.");
    }

    /// <summary>The pending request with this user code, for the approval page; null when there is none (wrong, expired, used).</summary>
    public async Task<PendingDeviceLogin?> FindPendingAsync(string userCode, CancellationToken cancellationToken)
    {
        if (NormalizeUserCode(userCode) is not { } code)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await Waiting(db.DeviceLogins.AsNoTracking(), code, now).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new PendingDeviceLogin(FormatUserCode(row.UserCode), row.ClientName, row.ClientAddress, Time.ToOffset(row.CreatedAt), Time.ToOffset(row.ExpiresAt));
    }

    /// <summary>Approves (a new account key is made for the caller's account) or denies the pending request with this code.</summary>
    public async Task<Result<bool>> DecideAsync(Caller caller, string userCode, bool approve, CancellationToken cancellationToken)
    {
        if (NormalizeUserCode(userCode) is not { } code)
        {
            return ApiError.Validation("code", "Codes are eight letters, like BCDF-GHJK.");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await Waiting(db.DeviceLogins, code, now).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return ApiError.NotFound($"A waiting sign-in request with the code {FormatUserCode(code)}");
        }

        row.AccountId = caller.AccountId;
        if (!approve)
        {
            row.Status = DeviceLoginStatus.Denied;
            AuditLog.Add(db, caller.AccountId, caller.Actor, "device_login.deny", row.Id, row.ClientName, now);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        var keyName = $"{row.ClientName ?? "CLI"} (browser sign-in)";
        var (key, secret) = keys.NewKey(caller.AccountId, serverId: null, name: keyName.Length <= 100 ? keyName : keyName[..100]);
        db.ApiKeys.Add(key);
        row.Status = DeviceLoginStatus.Approved;
        row.ProtectedKey = _protector.Protect($"{key.Id} {secret}");
        AuditLog.Add(db, caller.AccountId, caller.Actor, "device_login.approve", key.Id, row.ClientName, now);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Upper-case letters of the code without separators; null unless that leaves eight letters of the alphabet.</summary>
    public static string? NormalizeUserCode(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var letters = new StringBuilder(8);
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                letters.Append(char.ToUpperInvariant(c));
            }
            else if (c is not ('-' or ' '))
            {
                return null;
            }
        }

        var code = letters.ToString();
        return code.Length == 8 && code.All(c => UserCodeAlphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    public static string FormatUserCode(string code) => code.Length == 8 ? $"{code[..4]}-{code[4..]}" : code;

    /// <summary>The pending, unexpired requests with this user code, newest first: what the approval page shows and decides.</summary>
    private static IQueryable<DeviceLogin> Waiting(IQueryable<DeviceLogin> logins, string code, DateTime now) =>
        logins.Where(d => d.UserCode == code && d.Status == DeviceLoginStatus.Pending && d.ExpiresAt > now).OrderByDescending(d => d.CreatedAt);

    private (string KeyId, string Secret) Unprotect(string protectedKey)
    {
        var parts = _protector.Unprotect(protectedKey).Split(' ', 2);
        return (parts[0], parts[1]);
    }

    private static ApiError AlreadyUsed() =>
        Refusal(ErrorCodes.ExpiredToken, "This sign-in request is unknown or was already used; start again with `mcp-bridge login`.");

    private static ApiError Refusal(string code, string detail) => new(StatusCodes.Status400BadRequest, code, "Not signed in", detail);
}
