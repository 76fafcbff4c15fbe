using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.TestDoubles;

/// <summary>Compares chat requests in OpenAI's wire format with the seed's.</summary>
internal static class WireMessages
{
    /// <summary>Messages as Microsoft.Extensions.AI serializes them: equal text means equal messages, whichever objects hold them.</summary>
    public static string Serialized(IEnumerable<ChatMessage> messages) => JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions);

    /// <summary>
    /// A message list in a form that ignores how a serializer spells the same message (content as a string or as text
    /// parts, key order) and the random part of generated file names, but nothing else.
    /// </summary>
    public static string Canonical(JsonElement messages)
    {
        JsonArray canonical = [];
        foreach (JsonElement message in messages.EnumerateArray())
        {
            JsonObject item = new() { ["role"] = message.GetProperty("role").GetString() };
            if (message.TryGetProperty("content", out JsonElement content) && content.ValueKind != JsonValueKind.Null)
            {
                item["content"] = content.ValueKind == JsonValueKind.String
                    ? content.GetString()
                    : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
            }

            if (message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
            {
                item["tool_calls"] = new JsonArray([.. calls.EnumerateArray().Select(call => (JsonNode)new JsonObject
                {
                    ["id"] = call.GetProperty("id").GetString(),
                    ["type"] = call.GetProperty("type").GetString(),
                    ["name"] = call.GetProperty("function").GetProperty("name").GetString(),
                    ["arguments"] = call.GetProperty("function").GetProperty("arguments").GetString(),
                })]);
            }

            if (message.TryGetProperty("tool_call_id", out JsonElement callId))
            {
                item["tool_call_id"] = callId.GetString();
            }

            canonical.Add(item);
        }

        return SeedLog.NormalizeFileNames(canonical.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
