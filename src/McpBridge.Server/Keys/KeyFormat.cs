using System.Security.Cryptography;

namespace McpBridge.Server.Keys;

/// <summary>
/// Keys look like <c>mcpb_ak_</c> (account) or <c>mcpb_sk_</c> (server) followed by 40 random base62 characters
/// (about 238 bits). The first 16 characters are the non-secret prefix used to find the key; only a SHA-256 hash of
/// the whole key is stored (a fast hash is right for high-entropy random keys).
/// </summary>
internal static class KeyFormat
{
    public const string AccountPrefix = "mcpb_ak_";
    public const string ServerPrefix = "mcpb_sk_";
    public const int PrefixLength = 16;
    private const int RandomLength = 40;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string NewKey(bool server) =>
        (server ? ServerPrefix : AccountPrefix) + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static bool IsWellFormed(string key) =>
        key.Length == AccountPrefix.Length + RandomLength &&
        (key.StartsWith(AccountPrefix, StringComparison.Ordinal) || key.StartsWith(ServerPrefix, StringComparison.Ordinal)) &&
        key.AsSpan(AccountPrefix.Length).IndexOfAnyExcept(Alphabet) < 0;

    public static string PrefixOf(string key) => key[..PrefixLength];

    public static byte[] Hash(string key) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
}
