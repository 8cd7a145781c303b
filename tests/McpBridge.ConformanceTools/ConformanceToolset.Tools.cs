using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static ModelContextProtocol.Protocol.ElicitRequestParams;

namespace McpBridge.ConformanceTools;

public static partial class ConformanceToolset
{
    /// <summary>Pause between the notifications of the logging and progress tools, as in the reference server.</summary>
    private static readonly TimeSpan s_notificationGap = TimeSpan.FromMilliseconds(50);

    private static McpServerTool[] CreateTools() =>
    [
        McpServerTool.Create(
            () => new CallToolResult { Content = [new TextContentBlock { Text = "This is a simple text response for testing." }] },
            new() { Name = "test_simple_text", Description = "Tests simple text content response" }),
        McpServerTool.Create(
            () => new CallToolResult { Content = [ImageContentBlock.FromBytes(TestMedia.Png, "image/png")] },
            new() { Name = "test_image_content", Description = "Tests image content response" }),
        McpServerTool.Create(
            () => new CallToolResult { Content = [AudioContentBlock.FromBytes(TestMedia.Wav, "audio/wav")] },
            new() { Name = "test_audio_content", Description = "Tests audio content response" }),
        McpServerTool.Create(
            () => new CallToolResult { Content = [EmbeddedResource()] },
            new() { Name = "test_embedded_resource", Description = "Tests embedded resource content response" }),
        McpServerTool.Create(
            () => new CallToolResult
            {
                Content =
                [
                    new TextContentBlock { Text = "Multiple content types test:" },
                    ImageContentBlock.FromBytes(TestMedia.Png, "image/png"),
                    EmbeddedResource(),
                ],
            },
            new() { Name = "test_multiple_content_types", Description = "Tests response with multiple content types (text, image, resource)" }),
        McpServerTool.Create(ToolWithLoggingAsync, new() { Name = "test_tool_with_logging", Description = "Tests tool that emits log messages during execution" }),
        McpServerTool.Create(ToolWithProgressAsync, new() { Name = "test_tool_with_progress", Description = "Tests tool that reports progress notifications" }),
        McpServerTool.Create(
            () => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }] },
            new() { Name = "test_error_handling", Description = "Tests error response handling" }),
        McpServerTool.Create(SamplingAsync, new() { Name = "test_sampling", Description = "Tests server-initiated sampling (LLM completion request)" }),
        McpServerTool.Create(ElicitationAsync, new() { Name = "test_elicitation", Description = "Tests server-initiated elicitation (user input request)" }),
        McpServerTool.Create(ElicitationDefaultsAsync, new() { Name = "test_elicitation_sep1034_defaults", Description = "Tests elicitation with default values per SEP-1034" }),
        McpServerTool.Create(ElicitationEnumsAsync, new() { Name = "test_elicitation_sep1330_enums", Description = "Tests elicitation with enum schema improvements per SEP-1330" }),
        RawTool.Create(
            "json_schema_2020_12_tool",
            "Tool with JSON Schema 2020-12 features",
            static (request, _) => new(new CallToolResult
            {
                Content = [new TextContentBlock { Text = $"JSON Schema 2020-12 tool called with: {JsonSerializer.Serialize(request.Params?.Arguments ?? new Dictionary<string, JsonElement>())}" }],
            }),
            """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": {
                "address": {
                  "type": "object",
                  "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
                }
              },
              "properties": {
                "name": { "type": "string" },
                "address": { "$ref": "#/$defs/address" }
              },
              "additionalProperties": false
            }
            """),
    ];

    private static EmbeddedResourceBlock EmbeddedResource() => new()
    {
        Resource = new TextResourceContents
        {
            Uri = "test://embedded-resource",
            MimeType = "text/plain",
            Text = "This is an embedded resource content.",
        },
    };

    private static async Task<CallToolResult> ToolWithLoggingAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(s_notificationGap, cancellationToken);
            }

            await LogAsync(context.Server, LoggingLevel.Info, "test_tool_with_logging", messages[i], cancellationToken);
        }

        return new CallToolResult { Content = [new TextContentBlock { Text = "Tool with logging executed successfully" }] };
    }

    private static async Task<CallToolResult> ToolWithProgressAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var token = context.Params?.ProgressToken;
        float[] steps = [0, 50, 100];
        for (var i = 0; i < steps.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(s_notificationGap, cancellationToken);
            }

            if (token is { } progressToken)
            {
                await context.Server.NotifyProgressAsync(progressToken, new ProgressNotificationValue { Progress = steps[i], Total = 100, Message = $"Completed step {i + 1} of {steps.Length}" }, cancellationToken: cancellationToken);
            }
        }

        return new CallToolResult { Content = [new TextContentBlock { Text = "Tool with progress completed" }] };
    }

    private static async Task<CallToolResult> SamplingAsync(RequestContext<CallToolRequestParams> context, string prompt, CancellationToken cancellationToken)
    {
        var result = await SampleAsync(context, new CreateMessageRequestParams
        {
            Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
            MaxTokens = 100,
        }, cancellationToken);
        var text = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "No response";
        return new CallToolResult { Content = [new TextContentBlock { Text = $"LLM response: {text}" }] };
    }

    private static async Task<CallToolResult> ElicitationAsync(RequestContext<CallToolRequestParams> context, string message, CancellationToken cancellationToken)
    {
        var result = await ElicitAsync(context, new ElicitRequestParams
        {
            Message = message,
            RequestedSchema = new RequestSchema
            {
                Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                {
                    ["username"] = new StringSchema { Description = "User's response" },
                    ["email"] = new StringSchema { Description = "User's email address" },
                },
                Required = ["username", "email"],
            },
        }, cancellationToken);
        return ElicitationOutcome("User response", result);
    }

    private static async Task<CallToolResult> ElicitationDefaultsAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var result = await ElicitAsync(context, new ElicitRequestParams
        {
            Message = "Please review and update the form fields with defaults",
            RequestedSchema = new RequestSchema
            {
                Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                {
                    ["name"] = new StringSchema { Description = "User name", Default = "John Doe" },
                    ["age"] = new NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                    ["score"] = new NumberSchema { Description = "User score", Default = 95.5 },
                    ["status"] = new UntitledSingleSelectEnumSchema { Description = "User status", Enum = ["active", "inactive", "pending"], Default = "active" },
                    ["verified"] = new BooleanSchema { Description = "Verification status", Default = true },
                },
            },
        }, cancellationToken);
        return ElicitationOutcome("Elicitation completed", result);
    }

    private static async Task<CallToolResult> ElicitationEnumsAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var result = await ElicitAsync(context, new ElicitRequestParams
        {
            Message = "Please select options from the enum fields",
            RequestedSchema = new RequestSchema
            {
                Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                {
                    ["untitledSingle"] = new UntitledSingleSelectEnumSchema { Description = "Select one option", Enum = ["option1", "option2", "option3"] },
                    ["titledSingle"] = new TitledSingleSelectEnumSchema
                    {
                        Description = "Select one option with titles",
                        OneOf =
                        [
                            new EnumSchemaOption { Const = "value1", Title = "First Option" },
                            new EnumSchemaOption { Const = "value2", Title = "Second Option" },
                            new EnumSchemaOption { Const = "value3", Title = "Third Option" },
                        ],
                    },
#pragma warning disable MCP9001 // The suite checks that the legacy enumNames form still round-trips.
                    ["legacyEnum"] = new LegacyTitledEnumSchema
                    {
                        Description = "Select one option (legacy)",
                        Enum = ["opt1", "opt2", "opt3"],
                        EnumNames = ["Option One", "Option Two", "Option Three"],
                    },
#pragma warning restore MCP9001
                    ["untitledMulti"] = new UntitledMultiSelectEnumSchema
                    {
                        Description = "Select multiple options",
                        MinItems = 1,
                        MaxItems = 3,
                        Items = new UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
                    },
                    ["titledMulti"] = new TitledMultiSelectEnumSchema
                    {
                        Description = "Select multiple options with titles",
                        MinItems = 1,
                        MaxItems = 3,
                        Items = new TitledEnumItemsSchema
                        {
                            AnyOf =
                            [
                                new EnumSchemaOption { Const = "value1", Title = "First Choice" },
                                new EnumSchemaOption { Const = "value2", Title = "Second Choice" },
                                new EnumSchemaOption { Const = "value3", Title = "Third Choice" },
                            ],
                        },
                    },
                },
            },
        }, cancellationToken);
        return ElicitationOutcome("Elicitation completed", result);
    }

    private static CallToolResult ElicitationOutcome(string label, ElicitResult result) => new()
    {
        Content =
        [
            new TextContentBlock
            {
                Text = $"{label}: action={result.Action}, content={JsonSerializer.Serialize(result.Content ?? new Dictionary<string, JsonElement>())}",
            },
        ],
    };

    /// <summary>
    /// Asks the client to sample. A stateless (2026-07-28) request cannot hold the call open for the client's answer,
    /// so there the request is answered with an input request and the answer arrives with the client's retry.
    /// </summary>
    private static async ValueTask<CreateMessageResult> SampleAsync(RequestContext<CallToolRequestParams> context, CreateMessageRequestParams parameters, CancellationToken cancellationToken)
    {
        if (!NeedsInputRequests(context))
        {
            return await context.Server.SampleAsync(parameters, cancellationToken);
        }

        return context.Params?.InputResponses?.TryGetValue("sampling", out var response) == true
            ? response.Deserialize(InputResponse.CreateMessageResultJsonTypeInfo) ?? throw new McpProtocolException("Empty sampling response.", McpErrorCode.InvalidParams)
            : throw new InputRequiredException(new Dictionary<string, InputRequest> { ["sampling"] = InputRequest.ForSampling(parameters) });
    }

    /// <summary>Asks the client for input; see <see cref="SampleAsync"/> for stateless requests.</summary>
    private static async ValueTask<ElicitResult> ElicitAsync(RequestContext<CallToolRequestParams> context, ElicitRequestParams parameters, CancellationToken cancellationToken)
    {
        if (!NeedsInputRequests(context))
        {
            return await context.Server.ElicitAsync(parameters, cancellationToken);
        }

        return context.Params?.InputResponses?.TryGetValue("elicitation", out var response) == true
            ? response.Deserialize(InputResponse.ElicitResultJsonTypeInfo) ?? throw new McpProtocolException("Empty elicitation response.", McpErrorCode.InvalidParams)
            : throw new InputRequiredException(new Dictionary<string, InputRequest> { ["elicitation"] = InputRequest.ForElicitation(parameters) });
    }

    private static bool NeedsInputRequests(RequestContext<CallToolRequestParams> context) =>
        context.Server.SessionId is null && McpBridge.Mcp.Http.McpProtocol.IsStateless(context.Server.NegotiatedProtocolVersion);

    /// <summary>Sends a log notification if the client asked for this level (or set none).</summary>
    internal static Task LogAsync(McpServer server, LoggingLevel level, string logger, string message, CancellationToken cancellationToken)
    {
        if (server.LoggingLevel is { } minimum && level < minimum)
        {
            return Task.CompletedTask;
        }

        return server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams { Level = level, Logger = logger, Data = JsonSerializer.SerializeToElement(message, McpJsonUtilities.DefaultOptions) },
            cancellationToken: cancellationToken);
    }
}
