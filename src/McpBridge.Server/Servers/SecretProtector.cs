using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace McpBridge.Server.Servers;

/// <summary>Encrypts connector secrets at rest with ASP.NET Core Data Protection (keys in the data folder).</summary>
internal sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("McpBridge.ConnectorSecrets.v1");

    public string? Protect(JsonObject secrets) => secrets.Count == 0 ? null : _protector.Protect(secrets.ToJsonString());

    /// <summary>A tool's whole configuration: its stored non-secret part with its secrets decrypted back in.</summary>
    public JsonObject Reveal(string configJson, string? protectedSecrets)
    {
        var config = JsonNode.Parse(configJson)!.AsObject();
        foreach (var (field, value) in Unprotect(protectedSecrets))
        {
            config[field] = value?.DeepClone();
        }

        return config;
    }

    public JsonObject Unprotect(string? protectedSecrets) =>
        protectedSecrets is null ? new JsonObject() : JsonNode.Parse(_protector.Unprotect(protectedSecrets))!.AsObject();
}
