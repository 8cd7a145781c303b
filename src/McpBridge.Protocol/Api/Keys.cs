namespace McpBridge.Protocol.Api;

/// <summary>Body of the key-creation routes.</summary>
/// <param name="Name">A label for the key, e.g. <c>laptop</c> or <c>claude-desktop</c>.</param>
public sealed record CreateKeyRequest(string? Name = null);

/// <summary>A newly created or rotated key. <see cref="Key"/> is shown only in this answer.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">The label.</param>
/// <param name="Key">The secret key. Store it now: it cannot be shown again.</param>
/// <param name="Prefix">The non-secret start of the key, shown in listings.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record KeyCreated(string Id, string? Name, string Key, string Prefix, DateTimeOffset CreatedAt);

/// <summary>A key as listings show it (never the secret).</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">The label.</param>
/// <param name="Prefix">The non-secret start of the key.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastUsedAt">When it last authenticated a request.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record KeyInfo(string Id, string? Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
