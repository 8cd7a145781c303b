using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpBridge.ConformanceTools;

public static partial class ConformanceToolset
{
    private static McpServerPrompt[] CreatePrompts() =>
    [
        McpServerPrompt.Create(
            () => new GetPromptResult { Messages = [UserText("This is a simple prompt for testing.")] },
            new() { Name = "test_simple_prompt", Description = "A simple prompt without arguments" }),
        McpServerPrompt.Create(
            (string arg1, string arg2) => new GetPromptResult { Messages = [UserText($"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'")] },
            new() { Name = "test_prompt_with_arguments", Description = "A prompt with required arguments" }),
        McpServerPrompt.Create(
            (string resourceUri) => new GetPromptResult
            {
                Messages =
                [
                    new PromptMessage
                    {
                        Role = Role.User,
                        Content = new EmbeddedResourceBlock
                        {
                            Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." },
                        },
                    },
                    UserText("Please process the embedded resource above."),
                ],
            },
            new() { Name = "test_prompt_with_embedded_resource", Description = "A prompt that includes an embedded resource" }),
        McpServerPrompt.Create(
            () => new GetPromptResult
            {
                Messages =
                [
                    new PromptMessage { Role = Role.User, Content = ImageContentBlock.FromBytes(TestMedia.Png, "image/png") },
                    UserText("Please analyze the image above."),
                ],
            },
            new() { Name = "test_prompt_with_image", Description = "A prompt that includes image content" }),
    ];

    private static PromptMessage UserText(string text) => new() { Role = Role.User, Content = new TextContentBlock { Text = text } };
}
