using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace ImageChat;

/// <summary>
/// Counts the prompt tokens a chat-completions request will cost, with the o200k_base encoding of the gpt-4o family
/// (from the Microsoft.ML.Tokenizers data package: offline). Messages are counted as OpenAI documents it (3 tokens of
/// framing per message, 3 to prime the reply), tool definitions by OpenAI's published rule for functions. The framing
/// of a tool call and of the tool list is calibrated on gpt-4o-mini's reported usage: the seed conversation's seven
/// requests count exactly the 2,784 prompt tokens the API reported.
/// </summary>
internal static class PromptTokenCounter
{
    private const int PerMessage = 3;
    private const int PerName = 1;
    private const int ReplyPriming = 3;
    private const int PerToolCall = 7;
    private const int FunctionStart = 7;
    private const int PropertiesStart = 3;
    private const int PerProperty = 3;
    private const int FunctionsEnd = 14;

    private static readonly Lazy<Tokenizer> Encoding = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Counts the tokens of a text.</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Encoding.Value.CountTokens(text);

    /// <summary>Counts a whole request: its messages and the tools it offers.</summary>
    public static int Count(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        messages.Sum(Count) + CountOverhead(options);

    /// <summary>Counts what a request costs besides its messages: the reply priming and the tool definitions.</summary>
    public static int CountOverhead(ChatOptions? options) => ReplyPriming + CountTools(options?.Tools);

    /// <summary>Counts one message as it goes on the wire: a tool message per result.</summary>
    public static int Count(ChatMessage message)
    {
        int tokens = 0;
        int wireMessages = 0;
        bool hasBody = false;
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    tokens += Count(text.Text);
                    hasBody = true;
                    break;
                case FunctionCallContent call:
                    tokens += PerToolCall + Count(call.Name) + Count(
                        ModelResponseProperties.GetRawArguments(call) ?? JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));
                    hasBody = true;
                    break;
                case FunctionResultContent result:
                    tokens += PerMessage + Count(message.Role.Value) + Count(result.Result as string ?? (result.Result is null ? null : JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object)))));
                    wireMessages++;
                    break;
            }
        }

        if (wireMessages == 0 || hasBody)
        {
            tokens += PerMessage + Count(message.Role.Value) + (message.AuthorName is { } name ? PerName + Count(name) : 0);
        }

        return tokens;
    }

    private static int CountTools(IList<AITool>? tools)
    {
        List<AIFunctionDeclaration> functions = [.. tools?.OfType<AIFunctionDeclaration>() ?? []];
        if (functions.Count == 0)
        {
            return 0;
        }

        int tokens = FunctionsEnd;
        foreach (AIFunctionDeclaration function in functions)
        {
            tokens += FunctionStart + Count($"{function.Name}:{function.Description.TrimEnd('.')}");
            if (function.JsonSchema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
            {
                tokens += PropertiesStart;
                foreach (JsonProperty property in properties.EnumerateObject())
                {
                    string type = property.Value.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "object";
                    string description = property.Value.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()!.TrimEnd('.') : string.Empty;
                    tokens += PerProperty + Count($"{property.Name}:{type}:{description}");
                }
            }
        }

        return tokens;
    }
}
