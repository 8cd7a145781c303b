using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace McpBridge.Connectors.Tests.HomeAssistant;

/// <summary>
/// A local HTTP server answering like Home Assistant's REST API (https://developers.home-assistant.io/docs/api/rest):
/// bearer token check with HA's 401 text, states, services, service calls (recorded) and history.
/// </summary>
internal sealed class FakeHomeAssistant : IAsyncDisposable
{
    public const string Token = "eyJhbGciOiJIUzI1NiJ9.fake-long-lived-token.c2VjcmV0";

    private readonly TestWebServer _server;

    private FakeHomeAssistant(TestWebServer server) => _server = server;

    public Uri BaseAddress => _server.BaseAddress;

    public string HostAndPort => _server.HostAndPort;

    /// <summary>Every request that reached the server: method and request target (path and query, still encoded).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The JSON bodies of service calls, by "domain.service".</summary>
    public ConcurrentQueue<(string Service, string Query, JsonObject Body)> ServiceCalls { get; } = new();

    public static async Task<FakeHomeAssistant> StartAsync()
    {
        FakeHomeAssistant? fake = null;
        var server = await TestWebServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                // As it came over the wire, before any decoding.
                var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{context.Request.Path}{context.Request.QueryString}";
                fake!.Requests.Enqueue($"{context.Request.Method} {target}");
                if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
                {
                    // What Home Assistant answers for a missing or wrong token.
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsync("401: Unauthorized", context.RequestAborted);
                    return;
                }

                await next(context);
            });
            app.MapGet("/api/", () => Results.Json(new { message = "API running." }));
            app.MapGet("/api/states", () => Results.Text(States().ToJsonString(), "application/json"));
            app.MapGet("/api/states/{entityId}", (string entityId, HttpContext context) =>
            {
                if (entityId == "sensor.leaky")
                {
                    // A misbehaving proxy in front of Home Assistant that echoes the request headers in its error page.
                    return Results.Text($"upstream error; request had Authorization: {context.Request.Headers.Authorization}", "text/plain", statusCode: 500);
                }

                var state = States().OfType<JsonObject>().FirstOrDefault(s => s["entity_id"]!.GetValue<string>() == entityId);
                return state is null
                    ? Results.Json(new { message = "Entity not found." }, statusCode: 404)
                    : Results.Text(state.ToJsonString(), "application/json");
            });
            app.MapGet("/api/services", () => Results.Text(Services().ToJsonString(), "application/json"));
            app.MapPost("/api/services/{domain}/{service}", async (string domain, string service, HttpContext context) =>
            {
                var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
                fake!.ServiceCalls.Enqueue(($"{domain}.{service}", context.Request.QueryString.Value ?? string.Empty, body));
                return (domain, service) switch
                {
                    ("light", "turn_on") => Results.Text(new JsonArray(Light("light.kitchen", "on", "Kitchen Light", 128)).ToJsonString(), "application/json"),
                    ("weather", "get_forecasts") when context.Request.Query.ContainsKey("return_response") => Results.Text(
                        """{"changed_states":[],"service_response":{"weather.home":{"forecast":[{"condition":"sunny","temperature":24}]}}}""", "application/json"),
                    ("script", "noop") => Results.Text("[]", "application/json"),
                    // Home Assistant answers an unknown service or invalid data with a bare 400.
                    _ => Results.Text("400: Bad Request", "text/plain", statusCode: 400),
                };
            });
            app.MapGet("/api/history/period/{start}", (string start) => Results.Text(
                """
                [[{"entity_id":"sensor.outdoor_temperature","state":"19.0","attributes":{},"last_changed":"2024-06-01T08:00:00+00:00","last_updated":"2024-06-01T08:00:00+00:00"},
                  {"state":"20.5","last_changed":"2024-06-01T10:00:00+00:00"},
                  {"state":"21.5","last_changed":"2024-06-01T11:30:00+00:00"}]]
                """, "application/json"));
        });
        fake = new FakeHomeAssistant(server);
        return fake;
    }

    private static JsonArray States() =>
    [
        Light("light.kitchen", "on", "Kitchen Light", 255),
        Light("light.hall", "off", "Hall", null),
        new JsonObject
        {
            ["entity_id"] = "sensor.outdoor_temperature",
            ["state"] = "21.5",
            ["attributes"] = new JsonObject { ["unit_of_measurement"] = "°C", ["friendly_name"] = "Outdoor temperature", ["device_class"] = "temperature" },
            ["last_changed"] = "2024-06-01T11:30:00+00:00",
            ["last_updated"] = "2024-06-01T11:30:00+00:00",
            ["context"] = new JsonObject { ["id"] = "01HZ", ["user_id"] = "abc" },
        },
        new JsonObject
        {
            ["entity_id"] = "switch.fan",
            ["state"] = "off",
            ["attributes"] = new JsonObject(),
            ["last_changed"] = "2024-06-01T09:00:00+00:00",
            ["last_updated"] = "2024-06-01T09:00:00+00:00",
        },
    ];

    private static JsonObject Light(string id, string state, string name, int? brightness)
    {
        var attributes = new JsonObject { ["friendly_name"] = name, ["supported_color_modes"] = new JsonArray("brightness") };
        if (brightness is { } b)
        {
            attributes["brightness"] = b;
        }

        return new JsonObject
        {
            ["entity_id"] = id,
            ["state"] = state,
            ["attributes"] = attributes,
            ["last_changed"] = "2024-06-01T10:00:00+00:00",
            ["last_updated"] = "2024-06-01T10:00:00+00:00",
            ["context"] = new JsonObject { ["id"] = "01HX", ["parent_id"] = null, ["user_id"] = null },
        };
    }

    private static JsonArray Services() => JsonNode.Parse(
        """
        [
          {"domain":"switch","services":{"turn_on":{"name":"Turn on","description":"Turns a switch on.","fields":{},"target":{"entity":[{"domain":["switch"]}]}},
                                         "toggle":{"name":"Toggle","description":"Toggles a switch.","fields":{},"target":{"entity":[{"domain":["switch"]}]}}}},
          {"domain":"light","services":{
            "turn_on":{"name":"Turn on","description":"Turns on one or more lights and adjusts their properties.",
              "fields":{"brightness_pct":{"name":"Brightness","description":"Brightness in percent.","example":50,"selector":{"number":{"min":0,"max":100}}},
                        "advanced_fields":{"collapsed":true,"fields":{"flash":{"description":"Tell light to flash.","example":"short","required":false}}}},
              "target":{"entity":[{"domain":["light"]}]}},
            "turn_off":{"name":"Turn off","description":"Turns off one or more lights.","fields":{"transition":{"description":"Duration in seconds.","example":60}},"target":{"entity":[{"domain":["light"]}]}}}},
          {"domain":"weather","services":{"get_forecasts":{"description":"Get weather forecasts.","fields":{"type":{"required":true,"description":"Forecast type.","example":"daily"}}}}}
        ]
        """)!.AsArray();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
