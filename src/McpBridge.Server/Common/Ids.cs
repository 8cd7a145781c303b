using System.Security.Cryptography;

namespace McpBridge.Server.Common;

/// <summary>Readable, prefixed, random ids: <c>acc_3kq9...</c>, <c>srv_...</c>.</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix) => $"{prefix}_{RandomNumberGenerator.GetString(Alphabet, 16)}";
}
