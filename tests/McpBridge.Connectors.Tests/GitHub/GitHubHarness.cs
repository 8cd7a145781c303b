using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.GitHub;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.TestSupport.Time;

namespace McpBridge.Connectors.Tests.GitHub;

/// <summary>Starts the GitHub connector against a <see cref="FakeGitHub"/>, served the way the gateway serves it.</summary>
internal static class GitHubHarness
{
    /// <summary>
    /// The connector with <paramref name="config"/> over the defaults (the fake's URL and token); through
    /// <paramref name="egress"/>, or else a guard that allows the fake's loopback address, as an operator would.
    /// </summary>
    public static async Task<McpTestHarness> StartAsync(FakeGitHub fake, string dataDirectory, JsonObject? config = null, EgressGuard? egress = null, TimeProvider? time = null)
    {
        var settings = new JsonObject { ["apiBaseUrl"] = fake.BaseAddress.ToString(), ["token"] = FakeGitHub.Token };
        foreach (var (key, value) in config ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        var connector = new GitHubConnector(egress ?? new EgressGuard(new EgressOptions { AllowedHosts = [fake.HostAndPort] }));
        var context = new ConnectorContext
        {
            ServerId = "srv-test",
            InstanceName = "github",
            Config = settings,
            DataDirectory = dataDirectory,
            TimeProvider = time ?? new FakeTimeProvider(),
        };
        var source = await connector.CreateSourceAsync(context, TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }
}
