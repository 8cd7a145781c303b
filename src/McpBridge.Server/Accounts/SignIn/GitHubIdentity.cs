using System.Text.Json;

namespace McpBridge.Server.Accounts.SignIn;

/// <summary>The parts of GitHub's <c>GET /user</c> answer that sign-in uses.</summary>
internal sealed record GitHubIdentity(long Id, string Login, string? Name)
{
    /// <summary>Reads <c>id</c>, <c>login</c> and <c>name</c>; null when the document lacks the first two.</summary>
    public static GitHubIdentity? From(JsonElement user)
    {
        if (user.ValueKind != JsonValueKind.Object
            || !user.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var number)
            || !user.TryGetProperty("login", out var login) || login.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(login.GetString()))
        {
            return null;
        }

        var name = user.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new GitHubIdentity(number, login.GetString()!, string.IsNullOrWhiteSpace(name) ? null : name.Trim());
    }
}
