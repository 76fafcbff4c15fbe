using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.TestDoubles;

/// <summary>The seed's seven requests as Microsoft.Extensions.AI messages, with the generate_image tool they offered.</summary>
internal static class SeedRequests
{
    /// <summary>Gets chat options offering the built-in tool as ImageChat declares it.</summary>
    public static ChatOptions Options { get; } = new()
    {
        Tools =
        [
            AIFunctionFactory.Create(
                ([Description(ImageChatDefaults.ImageToolParameterDescription)] string description) => description,
                new AIFunctionFactoryOptions { Name = ImageChatDefaults.ImageToolName, Description = ImageChatDefaults.ImageToolDescription }),
        ],
    };

    /// <summary>Reads the messages of each seed call; <paramref name="toolResult"/> rewrites tool results (the compact mode).</summary>
    public static IReadOnlyList<IReadOnlyList<ChatMessage>> Messages(Func<string, string>? toolResult = null) =>
        [.. SeedLog.Calls.Select(call => Read(call.MessagesJson, toolResult))];

    private static List<ChatMessage> Read(string messagesJson, Func<string, string>? toolResult)
    {
        JsonArray messages = JsonNode.Parse(messagesJson)!.AsArray();
        if (toolResult is not null)
        {
            foreach (JsonNode? message in messages)
            {
                if ((string?)message!["role"] == "tool")
                {
                    message["content"] = toolResult((string)message["content"]!);
                }
            }
        }

        JsonObject document = new()
        {
            ["format"] = ConversationStateSerializer.FormatName,
            ["format_version"] = ConversationStateSerializer.FormatVersion,
            ["id"] = "seed",
            ["version"] = 1,
            ["system_prompt"] = string.Empty,
            ["messages"] = messages.DeepClone(),
            ["images"] = new JsonArray(),
            ["usage"] = JsonSerializer.SerializeToNode(new { chat = new { input_tokens = 0, output_tokens = 0 }, image_tokens = new { input_tokens = 0, output_tokens = 0 }, image_count = 0, model_call_count = 0 }),
        };
        return [.. ConversationStateSerializer.Deserialize(Encoding.UTF8.GetBytes(document.ToJsonString())).Messages];
    }
}
