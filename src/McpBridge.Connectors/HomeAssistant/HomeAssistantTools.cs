using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.HomeAssistant;

/// <summary>The Home Assistant connector's tools, over its REST API.</summary>
internal sealed partial class HomeAssistantTools
{
    public static readonly ConnectorToolInfo ListEntitiesInfo = new(
        "ha_list_entities",
        "List Home Assistant entities (lights, switches, sensors, climate, covers, ...) with their current state and friendly name, one per line as 'entity_id | state | name'. Filter by domain (e.g. 'light') or by text in the id or name.");

    public static readonly ConnectorToolInfo GetStateInfo = new(
        "ha_get_state",
        "Get one entity's current state and all its attributes (brightness, temperature, unit, ...) and when it last changed, as JSON.");

    public static readonly ConnectorToolInfo CallServiceInfo = new(
        "ha_call_service",
        "Call a Home Assistant service (an action) to control devices, e.g. domain 'light', service 'turn_on', data {\"entity_id\": \"light.kitchen\", \"brightness_pct\": 50}. Returns the entities whose state changed. Use ha_list_services to see a domain's services and their fields.");

    public static readonly ConnectorToolInfo ListServicesInfo = new(
        "ha_list_services",
        "List the services (actions) Home Assistant offers: all domains with their service names, or for one domain each service's description and fields.");

    public static readonly ConnectorToolInfo HistoryInfo = new(
        "ha_history",
        "Get an entity's state history over the last hours (default 24): when it changed and to what, oldest first.");

    public static IReadOnlyList<ConnectorToolInfo> All { get; } = [ListEntitiesInfo, GetStateInfo, CallServiceInfo, ListServicesInfo, HistoryInfo];

    private const int MaxResults = 5000;
    private const int MaxHours = 24 * 30;

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private readonly HomeAssistantClient _client;
    private readonly TimeProvider _timeProvider;

    public HomeAssistantTools(HomeAssistantClient client, TimeProvider timeProvider)
    {
        _client = client;
        _timeProvider = timeProvider;
    }

    public IReadOnlyList<McpServerTool> CreateTools() =>
    [
        ConnectorTool.Create(ListEntitiesAsync, ListEntitiesInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(GetStateAsync, GetStateInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(CallServiceAsync, CallServiceInfo, readOnly: false, openWorld: true),
        ConnectorTool.Create(ListServicesAsync, ListServicesInfo, readOnly: true, openWorld: true),
        ConnectorTool.Create(HistoryAsync, HistoryInfo, readOnly: true, openWorld: true),
    ];

    public async Task<string> ListEntitiesAsync(
        CancellationToken cancellationToken,
        [Description("Only entities of this domain, e.g. 'light', 'switch', 'sensor', 'climate'.")] string? domain = null,
        [Description("Only entities whose id or friendly name contains this text (case-insensitive).")] string? search = null,
        [Description("The most entities to list (default 200).")] int max_results = 200)
    {
        var domainFilter = string.IsNullOrWhiteSpace(domain) ? null : Name(domain, "domain");
        ConnectorTool.CheckRange(max_results, 1, MaxResults, "max_results");
        var states = await _client.GetRequiredAsync("api/states", cancellationToken) as JsonArray
            ?? throw new McpException("Home Assistant's /api/states answer is not a list of states.");
        var matches = states.OfType<JsonObject>()
            .Select(s => (Id: Text(s["entity_id"]), State: s))
            .Where(s => s.Id.Length > 0)
            .Where(s => domainFilter is null || s.Id.StartsWith(domainFilter + ".", StringComparison.Ordinal))
            .Where(s => string.IsNullOrWhiteSpace(search) ||
                        s.Id.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase) ||
                        FriendlyName(s.State).Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToArray();
        var scope = (domainFilter, string.IsNullOrWhiteSpace(search)) switch
        {
            (null, true) => string.Empty,
            (null, false) => $" matching '{search!.Trim()}'",
            (_, true) => $" in domain '{domainFilter}'",
            _ => $" in domain '{domainFilter}' matching '{search!.Trim()}'",
        };
        if (matches.Length == 0)
        {
            return $"No entities{scope}.{(domainFilter is null ? string.Empty : " Call ha_list_entities without a domain to see all of them.")}";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{matches.Length} entities{scope} (entity_id | state | name):\n");
        foreach (var (id, state) in matches.Take(max_results))
        {
            AppendLine(text, id, state);
        }

        if (matches.Length > max_results)
        {
            text.Append(CultureInfo.InvariantCulture, $"[Only the first {max_results} are listed; filter by domain or search, or raise max_results.]\n");
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> GetStateAsync(
        [Description("The entity, e.g. 'light.kitchen' or 'sensor.outdoor_temperature'.")] string entity_id,
        CancellationToken cancellationToken)
    {
        var id = EntityId(entity_id);
        var state = await _client.GetAsync($"api/states/{id}", cancellationToken)
            ?? throw new McpException($"Entity '{id}' not found. Use ha_list_entities to see the entities Home Assistant has.");
        if (state is JsonObject obj)
        {
            // The context (who triggered the change) is noise for a model and carries user ids.
            obj.Remove("context");
        }

        return _client.Scrub(state.ToJsonString(s_indented));
    }

    public async Task<string> CallServiceAsync(
        [Description("The service's domain, e.g. 'light', 'switch', 'climate', 'script'.")] string domain,
        [Description("The service, e.g. 'turn_on', 'turn_off', 'toggle', 'set_temperature'.")] string service,
        CancellationToken cancellationToken,
        [Description("The service data as a JSON object, usually with entity_id, e.g. {\"entity_id\": \"light.kitchen\", \"brightness_pct\": 50}.")] JsonElement? data = null,
        [Description("Ask for the service's response data (only for services that return data, e.g. weather.get_forecasts).")] bool return_response = false)
    {
        var domainName = Name(domain, "domain");
        var serviceName = Name(service, "service");
        var body = ServiceData(data);
        var relative = $"api/services/{domainName}/{serviceName}{(return_response ? "?return_response" : string.Empty)}";
        var hint = $"The service may not exist, need other data, or {(return_response ? "not return a response" : "require return_response")}; use ha_list_services with domain '{domainName}' to see its services and fields.";
        var answer = await _client.PostAsync(relative, body, hint, cancellationToken)
            ?? throw new McpException($"Service '{domainName}.{serviceName}' not found. Use ha_list_services to see the available services.");

        // Without return_response the answer is the list of changed states; with it, an object holding them and the response.
        var changed = answer as JsonArray ?? (answer as JsonObject)?["changed_states"] as JsonArray ?? [];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Called {domainName}.{serviceName}.");
        var states = changed.OfType<JsonObject>().ToArray();
        if (states.Length == 0)
        {
            text.Append(" No entity changed state (devices may still be updating; check with ha_get_state).\n");
        }
        else
        {
            text.Append(" Changed states (entity_id | state | name):\n");
            foreach (var state in states)
            {
                AppendLine(text, Text(state["entity_id"]), state);
            }
        }

        if (answer is JsonObject { } withResponse && withResponse["service_response"] is { } response)
        {
            text.Append("Response:\n").Append(response.ToJsonString(s_indented)).Append('\n');
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> ListServicesAsync(
        CancellationToken cancellationToken,
        [Description("Only this domain, with each service's description and fields, e.g. 'light'.")] string? domain = null)
    {
        var domainFilter = string.IsNullOrWhiteSpace(domain) ? null : Name(domain, "domain");
        var all = await _client.GetRequiredAsync("api/services", cancellationToken) as JsonArray
            ?? throw new McpException("Home Assistant's /api/services answer is not a list of domains.");
        var domains = all.OfType<JsonObject>()
            .Select(d => (Domain: Text(d["domain"]), Services: d["services"] as JsonObject ?? []))
            .Where(d => d.Domain.Length > 0)
            .OrderBy(d => d.Domain, StringComparer.Ordinal)
            .ToArray();
        var text = new StringBuilder();
        if (domainFilter is null)
        {
            text.Append("Services by domain (call one with ha_call_service; ask for a domain to see the fields):\n");
            foreach (var (name, services) in domains)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {string.Join(", ", services.Select(s => s.Key).Order(StringComparer.Ordinal))}\n");
            }

            return _client.Scrub(text.ToString());
        }

        var match = domains.FirstOrDefault(d => d.Domain == domainFilter);
        if (match.Domain is null)
        {
            return $"No services in domain '{domainFilter}'. Domains with services: {string.Join(", ", domains.Select(d => d.Domain))}.";
        }

        foreach (var (name, node) in match.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var service = node as JsonObject ?? [];
            var description = Text(service["description"]);
            text.Append(CultureInfo.InvariantCulture, $"{domainFilter}.{name}{(description.Length > 0 ? $": {description}" : string.Empty)}\n");
            if (service["target"] is JsonObject)
            {
                text.Append("  target: entity_id (or area_id, device_id)\n");
            }

            foreach (var (fieldName, fieldNode) in service["fields"] as JsonObject ?? [])
            {
                if (fieldNode is not JsonObject field)
                {
                    continue;
                }

                // Newer versions group advanced fields in sections: { "advanced_fields": { "fields": { ... } } }.
                KeyValuePair<string, JsonNode?>[] fields = field["fields"] is JsonObject nested ? [.. nested] : [new(fieldName, field)];
                foreach (var (innerName, innerNode) in fields)
                {
                    if (innerNode is JsonObject inner)
                    {
                        AppendField(text, innerName, inner);
                    }
                }
            }
        }

        return _client.Scrub(text.ToString());
    }

    public async Task<string> HistoryAsync(
        [Description("The entity, e.g. 'sensor.living_room_temperature'.")] string entity_id,
        CancellationToken cancellationToken,
        [Description("How many hours back from now (default 24, at most 720).")] int hours = 24,
        [Description("The most changes to list; the most recent are kept (default 200).")] int max_results = 200)
    {
        var id = EntityId(entity_id);
        ConnectorTool.CheckRange(hours, 1, MaxHours, "hours");
        ConnectorTool.CheckRange(max_results, 1, MaxResults, "max_results");
        var end = _timeProvider.GetUtcNow();
        var start = end.AddHours(-hours);
        var relative = $"api/history/period/{Uri.EscapeDataString(Iso(start))}?filter_entity_id={id}&end_time={Uri.EscapeDataString(Iso(end))}&minimal_response&no_attributes";
        var answer = await _client.GetRequiredAsync(relative, cancellationToken) as JsonArray
            ?? throw new McpException("Home Assistant's history answer is not a list.");
        var changes = answer.OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()).ToArray();
        if (changes.Length == 0)
        {
            return $"No history for '{id}' in the last {hours} hours (or no such entity; ha_list_entities lists them).";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"State of {id} over the last {hours} hours (time | state), oldest first:\n");
        if (changes.Length > max_results)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{changes.Length - max_results} earlier changes left out; raise max_results or lower hours.]\n");
        }

        foreach (var change in changes.Skip(Math.Max(0, changes.Length - max_results)))
        {
            var when = Text(change["last_changed"]) is { Length: > 0 } changedAt ? changedAt : Text(change["last_updated"]);
            text.Append(CultureInfo.InvariantCulture, $"{when} | {Text(change["state"])}\n");
        }

        return _client.Scrub(text.ToString());
    }

    private static JsonObject ServiceData(JsonElement? data)
    {
        if (data is not { } value || value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        var node = value.ValueKind == JsonValueKind.String ? ParseObjectText(value.GetString()!) : JsonNode.Parse(value.GetRawText());
        return node as JsonObject ?? throw new McpException("data must be a JSON object, e.g. {\"entity_id\": \"light.kitchen\"}.");
    }

    /// <summary>Some models send the object as a string of JSON; that is accepted too.</summary>
    private static JsonNode? ParseObjectText(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new McpException("data must be a JSON object, e.g. {\"entity_id\": \"light.kitchen\"}; the text given is not JSON.");
        }
    }

    private static void AppendField(StringBuilder text, string name, JsonObject field)
    {
        var description = Text(field["description"]);
        var required = field["required"]?.GetValueKind() == JsonValueKind.True ? " (required)" : string.Empty;
        var example = field["example"] is { } e ? $" e.g. {(e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : e.ToJsonString())}" : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"  {name}{required}{(description.Length > 0 ? $": {description}" : string.Empty)}{example}\n");
    }

    private static void AppendLine(StringBuilder text, string id, JsonObject state)
    {
        var name = FriendlyName(state);
        text.Append(CultureInfo.InvariantCulture, $"{id} | {Text(state["state"])}{(name.Length > 0 ? $" | {name}" : string.Empty)}\n");
    }

    private static string FriendlyName(JsonObject state) => Text(state["attributes"]?["friendly_name"]);

    private static string Text(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            null or JsonValueKind.Null => string.Empty,
            _ => node.ToJsonString(),
        };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Entity ids go into the URL path, so only Home Assistant's own form is accepted.</summary>
    private static string EntityId(string? value)
    {
        var id = value?.Trim() ?? string.Empty;
        if (!EntityIdPattern().IsMatch(id))
        {
            throw new McpException($"'{value}' is not an entity id: it has the form domain.object_id in lower case, e.g. light.kitchen. Use ha_list_entities to find it.");
        }

        return id;
    }

    private static string Name(string? value, string parameter)
    {
        var name = value?.Trim() ?? string.Empty;
        if (!NamePattern().IsMatch(name))
        {
            throw new McpException($"{parameter} '{value}' is not valid: lower-case letters, digits and '_' only, e.g. 'light' or 'turn_on'.");
        }

        return name;
    }

    [GeneratedRegex("^[a-z0-9_]+\\.[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EntityIdPattern();

    [GeneratedRegex("^[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
