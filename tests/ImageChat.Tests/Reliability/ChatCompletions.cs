using System.Text.Json;

namespace ImageChat.Tests.Reliability;

/// <summary>OpenAI chat completion bodies a test scripts the fake server with: tool calls, replies, refusals, any finish reason.</summary>
internal static class ChatCompletions
{
    /// <summary>A response asking for the given tool calls, each as (id, tool name, arguments JSON).</summary>
    public static string ToolCalls(params (string Id, string Name, string Arguments)[] calls) =>
        Body(content: null, refusal: null, "tool_calls", calls.Select(c => new { id = c.Id, type = "function", function = new { name = c.Name, arguments = c.Arguments } }).ToArray());

    /// <summary>A response asking for one <c>generate_image</c> call.</summary>
    public static string ImageCall(string id, string description = "A worm on moist soil.") =>
        ToolCalls((id, ImageChatDefaults.ImageToolName, JsonSerializer.Serialize(new { description })));

    /// <summary>A response with a text reply and a finish reason.</summary>
    public static string Reply(string? text, string finishReason = "stop") => Body(text, refusal: null, finishReason, toolCalls: null);

    /// <summary>A response whose message is a refusal, as OpenAI sends one: no content, the text in <c>refusal</c>.</summary>
    public static string Refusal(string refusal) => Body(content: null, refusal, "stop", toolCalls: null);

    private static string Body(string? content, string? refusal, string finishReason, object[]? toolCalls) =>
        JsonSerializer.Serialize(new
        {
            id = "chatcmpl-reliability",
            @object = "chat.completion",
            created = 1754292095,
            model = "gpt-4o-mini-2024-07-18",
            choices = new[]
            {
                new
                {
                    index = 0,
                    finish_reason = finishReason,
                    message = new { role = "assistant", content, refusal, tool_calls = toolCalls },
                },
            },
            usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
        });
}
