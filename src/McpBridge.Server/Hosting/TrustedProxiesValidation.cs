using Microsoft.Extensions.Options;

namespace McpBridge.Server.Hosting;

/// <summary>Refuses a <see cref="BridgeOptions.TrustedProxies"/> entry that is neither an address nor a network, naming it.</summary>
internal sealed class TrustedProxiesValidation : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options) =>
        TrustedProxyList.Parse(options.TrustedProxies).Invalid is { } invalid
            ? ValidateOptionsResult.Fail($"TrustedProxies: '{invalid}' is not an IP address or a CIDR network (e.g. 10.0.0.5 or 10.1.0.0/16).")
            : ValidateOptionsResult.Success;
}
