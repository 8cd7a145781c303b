using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.HomeAssistant;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Tests.HomeAssistant;

public sealed class HomeAssistantConnectorTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset s_now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();
    private FakeHomeAssistant _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeHomeAssistant.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _data.Dispose();

    /// <summary>The connector as run locally (private addresses allowed), or hosted with the host's egress guard.</summary>
    private async Task<McpTestHarness> StartAsync(string? token = null, string? url = null, EgressGuard? hostedGuard = null)
    {
        var connector = hostedGuard is null ? new HomeAssistantConnector(allowPrivateNetworks: true) : new HomeAssistantConnector(hostedGuard);
        var context = new ConnectorContext
        {
            ServerId = "srv-test",
            InstanceName = "home",
            Config = new JsonObject { ["url"] = url ?? _fake.BaseAddress.ToString(), ["token"] = token ?? FakeHomeAssistant.Token },
            DataDirectory = _data.Path,
            TimeProvider = new FixedTimeProvider(s_now),
        };
        var source = await connector.CreateSourceAsync(context, TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    [Fact]
    public async Task ListEntities_ReturnsCompactLines_FilteredByDomainOrText_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var all = await harness.CallTextAsync("ha_list_entities");
        var lights = await harness.CallTextAsync("ha_list_entities", new { domain = "light" });
        var search = await harness.CallTextAsync("ha_list_entities", new { search = "OUTDOOR" });
        var limited = await harness.CallTextAsync("ha_list_entities", new { max_results = 1 });
        var none = await harness.CallTextAsync("ha_list_entities", new { domain = "climate" });

        Assert.Equal(
            "4 entities (entity_id | state | name):\n" +
            "light.hall | off | Hall\n" +
            "light.kitchen | on | Kitchen Light\n" +
            "sensor.outdoor_temperature | 21.5 | Outdoor temperature\n" +
            "switch.fan | off\n",
            all);
        Assert.Equal("2 entities in domain 'light' (entity_id | state | name):\nlight.hall | off | Hall\nlight.kitchen | on | Kitchen Light\n", lights);
        Assert.Equal("1 entities matching 'OUTDOOR' (entity_id | state | name):\nsensor.outdoor_temperature | 21.5 | Outdoor temperature\n", search);
        Assert.EndsWith("light.hall | off | Hall\n[Only the first 1 are listed; filter by domain or search, or raise max_results.]\n", limited, StringComparison.Ordinal);
        Assert.StartsWith("No entities in domain 'climate'.", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetState_ReturnsStateAndAttributes_WithoutTheContext_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("ha_get_state", new { entity_id = "sensor.outdoor_temperature" });

        var state = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("21.5", state["state"]!.GetValue<string>());
        Assert.Equal("°C", state["attributes"]!["unit_of_measurement"]!.GetValue<string>());
        Assert.Equal("2024-06-01T11:30:00+00:00", state["last_changed"]!.GetValue<string>());
        Assert.False(state.ContainsKey("context"));
    }

    [Fact]
    public async Task GetState_SaysEntityNotFound_ForAnUnknownEntity_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("ha_get_state", new { entity_id = "light.garage" });

        Assert.Equal("Entity 'light.garage' not found. Use ha_list_entities to see the entities Home Assistant has.", error);
        Assert.Contains("GET /api/states/light.garage", _fake.Requests);
    }

    [Fact]
    public async Task EveryTool_ExplainsAWrongToken_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync(token: "wrong-token");

        var errors = new[]
        {
            await harness.CallErrorAsync("ha_list_entities"),
            await harness.CallErrorAsync("ha_get_state", new { entity_id = "light.kitchen" }),
            await harness.CallErrorAsync("ha_call_service", new { domain = "light", service = "turn_on" }),
            await harness.CallErrorAsync("ha_list_services"),
            await harness.CallErrorAsync("ha_history", new { entity_id = "light.kitchen" }),
        };

        Assert.All(errors, e => Assert.Equal(
            $"Home Assistant at {_fake.BaseAddress} refused the access token (HTTP 401). Create a long-lived access token in your Home Assistant profile (Security tab) and update the tool's token setting.",
            e));
        Assert.Empty(_fake.ServiceCalls);
    }

    [Fact]
    public async Task CallService_PostsTheJsonData_AndReportsChangedStates_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("ha_call_service", new { domain = "light", service = "turn_on", data = new { entity_id = "light.kitchen", brightness_pct = 50 } });
        var asString = await harness.CallTextAsync("ha_call_service", new { domain = "light", service = "turn_on", data = """{"entity_id":"light.hall"}""" });
        var nothingChanged = await harness.CallTextAsync("ha_call_service", new { domain = "script", service = "noop" });

        Assert.Equal("Called light.turn_on. Changed states (entity_id | state | name):\nlight.kitchen | on | Kitchen Light\n", text);
        Assert.StartsWith("Called light.turn_on.", asString, StringComparison.Ordinal);
        Assert.StartsWith("Called script.noop. No entity changed state", nothingChanged, StringComparison.Ordinal);
        var calls = _fake.ServiceCalls.ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal("light.turn_on", calls[0].Service);
        Assert.Equal("""{"entity_id":"light.kitchen","brightness_pct":50}""", calls[0].Body.ToJsonString());
        Assert.Equal("""{"entity_id":"light.hall"}""", calls[1].Body.ToJsonString());
        Assert.Equal("{}", calls[2].Body.ToJsonString());
        Assert.Equal(string.Empty, calls[0].Query);
    }

    [Fact]
    public async Task CallService_ReturnsTheServiceResponse_WhenAskedFor_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("ha_call_service", new { domain = "weather", service = "get_forecasts", data = new { entity_id = "weather.home", type = "daily" }, return_response = true });

        Assert.StartsWith("Called weather.get_forecasts. No entity changed state", text, StringComparison.Ordinal);
        Assert.Contains("Response:\n", text, StringComparison.Ordinal);
        Assert.Contains("\"condition\": \"sunny\"", text, StringComparison.Ordinal);
        Assert.Equal("?return_response", Assert.Single(_fake.ServiceCalls).Query);
    }

    [Fact]
    public async Task CallService_ExplainsARefusedCall_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var unknown = await harness.CallErrorAsync("ha_call_service", new { domain = "light", service = "explode", data = new { entity_id = "light.kitchen" } });
        var notAnObject = await harness.CallErrorAsync("ha_call_service", new { domain = "light", service = "turn_on", data = new[] { 1, 2 } });

        Assert.Equal(
            "Home Assistant refused the request (HTTP 400): 400: Bad Request The service may not exist, need other data, or require return_response; use ha_list_services with domain 'light' to see its services and fields.",
            unknown);
        Assert.StartsWith("data must be a JSON object", notAnObject, StringComparison.Ordinal);
        Assert.Single(_fake.ServiceCalls);
    }

    [Fact]
    public async Task ListServices_ListsDomains_OrOneDomainsFields_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var all = await harness.CallTextAsync("ha_list_services");
        var light = await harness.CallTextAsync("ha_list_services", new { domain = "light" });
        var missing = await harness.CallTextAsync("ha_list_services", new { domain = "vacuum" });

        Assert.Equal(
            "Services by domain (call one with ha_call_service; ask for a domain to see the fields):\n" +
            "light: turn_off, turn_on\n" +
            "switch: toggle, turn_on\n" +
            "weather: get_forecasts\n",
            all);
        Assert.Equal(
            "light.turn_off: Turns off one or more lights.\n" +
            "  target: entity_id (or area_id, device_id)\n" +
            "  transition: Duration in seconds. e.g. 60\n" +
            "light.turn_on: Turns on one or more lights and adjusts their properties.\n" +
            "  target: entity_id (or area_id, device_id)\n" +
            "  brightness_pct: Brightness in percent. e.g. 50\n" +
            "  flash: Tell light to flash. e.g. short\n",
            light);
        Assert.Equal("No services in domain 'vacuum'. Domains with services: light, switch, weather.", missing);
    }

    [Fact]
    public async Task History_AsksForTheLastHours_AndListsChangesOldestFirst_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();

        var text = await harness.CallTextAsync("ha_history", new { entity_id = "sensor.outdoor_temperature", hours = 6, max_results = 2 });

        Assert.Equal(
            "State of sensor.outdoor_temperature over the last 6 hours (time | state), oldest first:\n" +
            "[1 earlier changes left out; raise max_results or lower hours.]\n" +
            "2024-06-01T10:00:00+00:00 | 20.5\n" +
            "2024-06-01T11:30:00+00:00 | 21.5\n",
            text);
        Assert.Contains(
            "GET /api/history/period/2024-06-01T06%3A00%3A00%2B00%3A00?filter_entity_id=sensor.outdoor_temperature&end_time=2024-06-01T12%3A00%3A00%2B00%3A00&minimal_response&no_attributes",
            _fake.Requests);
    }

    [Theory]
    [InlineData("ha_get_state", """{"entity_id":"../config"}""", "is not an entity id")]
    [InlineData("ha_get_state", """{"entity_id":"light.kitchen/../../config"}""", "is not an entity id")]
    [InlineData("ha_history", """{"entity_id":"light.kitchen&filter_entity_id=lock.front"}""", "is not an entity id")]
    [InlineData("ha_call_service", """{"domain":"light/../../config","service":"turn_on"}""", "domain 'light/../../config' is not valid")]
    [InlineData("ha_call_service", """{"domain":"light","service":"turn_on?x=1"}""", "service 'turn_on?x=1' is not valid")]
    [InlineData("ha_list_entities", """{"domain":"Light"}""", "domain 'Light' is not valid")]
    public async Task Arguments_ThatWouldChangeTheUrl_AreRefused_WithoutAskingHomeAssistant_AgainstLocalFakeHomeAssistant(string tool, string arguments, string expected)
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync(tool, JsonNode.Parse(arguments)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/")]
    [InlineData("")]
    public async Task Url_MayEndWithApi_AsUsersOftenPasteIt_AgainstLocalFakeHomeAssistant(string suffix)
    {
        await using var harness = await StartAsync(url: _fake.BaseAddress.ToString().TrimEnd('/') + suffix);

        var text = await harness.CallTextAsync("ha_list_entities", new { domain = "switch" });

        Assert.Contains("switch.fan | off", text, StringComparison.Ordinal);
        Assert.Contains("GET /api/states", _fake.Requests);
    }

    [Theory]
    [InlineData("http://ha.example.com:8123/api/", "http://ha.example.com:8123/")]
    [InlineData("https://ha.example.com/home-assistant", "https://ha.example.com/home-assistant/")]
    [InlineData("https://abc.ui.nabu.casa/?x=1#y", "https://abc.ui.nabu.casa/")]
    public void BaseAddress_KeepsAPathPrefix_AndDropsApiQueryAndFragment(string url, string expected) =>
        Assert.Equal(expected, HomeAssistantConnector.BaseAddress(url).ToString());

    [Fact]
    public async Task Hosted_RefusesALoopbackHomeAssistant_ByTheEgressGuard_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync(hostedGuard: new EgressGuard(new EgressOptions()));

        var error = await harness.CallErrorAsync("ha_list_entities");

        Assert.StartsWith($"Cannot reach Home Assistant at {_fake.BaseAddress}: refusing to connect to 127.0.0.1: private or loopback address.", error, StringComparison.Ordinal);
        Assert.Contains("Nabu Casa", error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Hosted_ReachesHomeAssistant_WhenTheOperatorAllowsItsHost_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync(hostedGuard: new EgressGuard(new EgressOptions { AllowedHosts = [_fake.HostAndPort] }));

        var text = await harness.CallTextAsync("ha_get_state", new { entity_id = "light.kitchen" });

        Assert.Contains("\"state\": \"on\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_NeverAppearsInOutputOrErrors_EvenWhenTheServerEchoesIt_AgainstLocalFakeHomeAssistant()
    {
        await using var harness = await StartAsync();
        var outputs = new List<string>
        {
            await harness.CallErrorAsync("ha_get_state", new { entity_id = "sensor.leaky" }),
            await harness.CallTextAsync("ha_list_entities"),
            await harness.CallTextAsync("ha_call_service", new { domain = "light", service = "turn_on", data = new { entity_id = "light.kitchen" } }),
        };

        Assert.Equal("Home Assistant answered HTTP 500: upstream error; request had Authorization: Bearer ********", outputs[0]);
        Assert.All(outputs, o => Assert.DoesNotContain(FakeHomeAssistant.Token, o, StringComparison.Ordinal));
        Assert.Contains("GET /api/states/sensor.leaky", _fake.Requests);
    }

    [Fact]
    public async Task UnreachableHost_IsExplained_WithoutTheToken()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var harness = await StartAsync(url: $"http://127.0.0.1:{closedPort}");

        var error = await harness.CallErrorAsync("ha_list_entities");

        Assert.Equal($"Could not reach Home Assistant at http://127.0.0.1:{closedPort}/: the connection was refused. Is Home Assistant running, and is the port right?", error);
        Assert.DoesNotContain(FakeHomeAssistant.Token, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_MarksTheTokenSecret_SoItIsEncryptedAtRestAndMasked()
    {
        var connector = new HomeAssistantConnector(new EgressGuard(new EgressOptions()));
        var config = new JsonObject { ["url"] = "https://abc.ui.nabu.casa", ["token"] = FakeHomeAssistant.Token };

        var valid = ConfigValidation.Validate(connector.ConfigSchema, config);
        var missing = ConfigValidation.Validate(connector.ConfigSchema, new JsonObject { ["url"] = "homeassistant.local" });
        var plain = ConfigValidation.Split(valid.Normalized, connector.ConfigSchema, out var secrets);

        Assert.Equal(["token"], ConfigValidation.SecretFields(connector.ConfigSchema));
        Assert.True(valid.IsValid);
        Assert.Equal(15, valid.Normalized["timeoutSeconds"]!.GetValue<long>());
        Assert.Equal(ConfigValidation.MaskedValue, ConfigValidation.Mask(config, connector.ConfigSchema)["token"]!.GetValue<string>());
        Assert.False(plain.ContainsKey("token"));
        Assert.Equal(FakeHomeAssistant.Token, secrets["token"]!.GetValue<string>());
        Assert.Equal(["is required"], missing.Errors["token"]);
        Assert.True(missing.Errors.ContainsKey("url"));
    }

    [Fact]
    public async Task CreateSource_RefusesATokenWithALineBreak_WithoutRepeatingIt()
    {
        var connector = new HomeAssistantConnector(allowPrivateNetworks: true);
        var context = new ConnectorContext
        {
            ServerId = "srv-test",
            InstanceName = "home",
            Config = new JsonObject { ["url"] = _fake.BaseAddress.ToString(), ["token"] = "abc\r\nX-Injected: 1" },
            DataDirectory = _data.Path,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connector.CreateSourceAsync(context, TestTimeouts.Token()).AsTask());

        Assert.Contains("token is not a valid access token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_AreListed_AndOnlyCallServiceChangesAnything()
    {
        var connector = new HomeAssistantConnector(allowPrivateNetworks: false);
        await using var harness = await StartAsync();

        var tools = await harness.Client.ListToolsAsync(cancellationToken: TestTimeouts.Token());

        Assert.Equal(["ha_list_entities", "ha_get_state", "ha_call_service", "ha_list_services", "ha_history"], connector.Tools.Select(t => t.Name));
        Assert.Equal(connector.Tools.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["ha_call_service"], tools.Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint != true).Select(t => t.Name));
        Assert.Equal("home-assistant", connector.Id);
        Assert.Equal(ConnectorCategories.SmartHome, connector.Category);
    }
}
