using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Writes and reads the JSON form of a <see cref="ConversationState"/> (format <c>imagechat.conversation</c>, version
/// <see cref="FormatVersion"/>, described in docs/conversation-state.md). Messages are in the OpenAI chat-completions
/// shape; tool calls keep the model's own argument text, so a restored conversation sends byte-identical requests.
/// </summary>
/// <remarks>
/// A message holds text, images (<see cref="DataContent"/> or <see cref="UriContent"/>, as <c>image_url</c> parts), tool
/// calls, tool results and a model's refusal. Reasoning text (<see cref="TextReasoningContent"/>) and other errors
/// (<see cref="ErrorContent"/>) are not kept: chat-completions requests never send them back. Any other content cannot be stored and fails the serialization with a message naming its type.
/// </remarks>
public static class ConversationStateSerializer
{
    /// <summary>The version of the JSON form this library writes and reads: 1.</summary>
    public const int FormatVersion = 1;

    /// <summary>The value of the document's <c>format</c> property: <c>imagechat.conversation</c>.</summary>
    public const string FormatName = "imagechat.conversation";

    /// <summary>The <see cref="ErrorContent.ErrorCode"/> under which Microsoft.Extensions.AI puts a model's refusal.</summary>
    private const string RefusalErrorCode = "Refusal";

    private static readonly JsonTypeInfo<IDictionary<string, object?>> ArgumentsTypeInfo =
        (JsonTypeInfo<IDictionary<string, object?>>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    private static readonly JsonTypeInfo<object> ResultTypeInfo =
        (JsonTypeInfo<object>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object));

    /// <summary>Writes a state as UTF-8 JSON.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The JSON document.</returns>
    /// <exception cref="NotSupportedException">A message holds content the format has no place for.</exception>
    public static byte[] Serialize(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ConversationDocument document = new()
        {
            Format = FormatName,
            FormatVersion = FormatVersion,
            Id = state.Id,
            Version = state.Version,
            UpdatedAt = state.UpdatedAt,
            SystemPrompt = state.SystemPrompt,
            Messages = [.. state.Messages.SelectMany(ToWire)],
            Images = [.. state.Images],
            Usage = state.Usage,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, ConversationStateJsonContext.Default.ConversationDocument);
    }

    /// <summary>Reads a state from UTF-8 JSON written by <see cref="Serialize"/>.</summary>
    /// <param name="utf8Json">The JSON document; a leading byte-order mark (left by an editor) is skipped.</param>
    /// <returns>The state.</returns>
    /// <exception cref="JsonException">The document is not valid JSON of this format, or of a version this library cannot read.</exception>
    public static ConversationState Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        ConversationDocument document = JsonSerializer.Deserialize(utf8Json, ConversationStateJsonContext.Default.ConversationDocument)
            ?? throw new JsonException("A conversation document is a JSON object, not null.");
        if (document.Format != FormatName)
        {
            throw new JsonException($"The document's format is '{document.Format}', not '{FormatName}': it is not a stored ImageChat conversation.");
        }

        if (document.FormatVersion != FormatVersion)
        {
            throw new JsonException($"Conversation '{document.Id}' is stored in format version {document.FormatVersion}; this ImageChat reads version {FormatVersion}. Update ImageChat to read it.");
        }

        return new ConversationState
        {
            Id = document.Id,
            Version = document.Version,
            UpdatedAt = document.UpdatedAt,
            SystemPrompt = document.SystemPrompt,
            Messages = FromWire(document.Messages),
            Images = document.Images,
            Usage = document.Usage,
        };
    }

    private static IEnumerable<WireMessage> ToWire(ChatMessage message)
    {
        List<WirePart> parts = [];
        List<WireToolCall> calls = [];
        List<WireMessage> results = [];
        string? refusalText = null;
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(new WirePart { Type = "text", Text = text.Text });
                    break;
                case DataContent data:
                    parts.Add(new WirePart { Type = "image_url", ImageUrl = new WireImageUrl { Url = data.Uri } });
                    break;
                case UriContent uri:
                    parts.Add(new WirePart { Type = "image_url", ImageUrl = new WireImageUrl { Url = uri.Uri.ToString() } });
                    break;
                case FunctionCallContent call:
                    calls.Add(new WireToolCall
                    {
                        Id = call.CallId,
                        Type = "function",
                        Function = new WireFunction
                        {
                            Name = call.Name,
                            Arguments = ModelResponseProperties.GetRawArguments(call)
                                ?? JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), ArgumentsTypeInfo),
                        },
                    });
                    break;
                case FunctionResultContent result:
                    // One wire message per result, as the chat-completions API takes them.
                    results.Add(new WireMessage
                    {
                        Role = ChatRole.Tool.Value,
                        ToolCallId = result.CallId,
                        Content = JsonSerializer.SerializeToElement(
                            result.Result as string ?? (result.Result is null ? string.Empty : JsonSerializer.Serialize(result.Result, ResultTypeInfo)),
                            ConversationStateJsonContext.Default.String),
                    });
                    break;
                case ErrorContent { ErrorCode: RefusalErrorCode } refusal:
                    refusalText = refusal.Message;
                    break;
                case TextReasoningContent or ErrorContent:
                    break; // Never sent back by chat-completions requests.
                default:
                    throw NotStorable(message, content);
            }
        }

        if (results.Count > 0)
        {
            return results;
        }

        return
        [
            new WireMessage
            {
                Role = message.Role.Value,
                Name = message.AuthorName,
                Content = parts switch
                {
                    [] => null,
                    [{ Type: "text", Text: { } text }] => JsonSerializer.SerializeToElement(text, ConversationStateJsonContext.Default.String),
                    _ => JsonSerializer.SerializeToElement(parts, ConversationStateJsonContext.Default.ListWirePart),
                },
                ToolCalls = calls.Count > 0 ? calls : null,
                Refusal = refusalText,
            },
        ];
    }

    /// <summary>
    /// Throws what <see cref="Serialize"/> would throw for these messages, without writing them, so that a store keeping
    /// states as objects (the in-memory one) refuses exactly what the JSON form cannot hold.
    /// </summary>
    internal static void EnsureStorable(IEnumerable<ChatMessage> messages)
    {
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent or DataContent or UriContent or ErrorContent or TextReasoningContent:
                    case FunctionResultContent { Result: null or string or JsonElement }:
                        break;
                    case FunctionResultContent result:
                        _ = JsonSerializer.SerializeToUtf8Bytes(result.Result, ResultTypeInfo); // Throws where the JSON form would.
                        break;
                    case FunctionCallContent call:
                        if (call.AdditionalProperties?.ContainsKey(ModelResponseProperties.RawArguments) != true && call.Arguments is not null)
                        {
                            _ = JsonSerializer.SerializeToUtf8Bytes(call.Arguments, ArgumentsTypeInfo);
                        }

                        break;
                    default:
                        throw NotStorable(message, content);
                }
            }
        }
    }

    private static NotSupportedException NotStorable(ChatMessage message, AIContent content) => new(
        $"A message of role {message.Role} holds content of type {content.GetType().Name}, which a stored conversation cannot keep (it keeps text, images, tool calls and tool results).");

    private static List<ChatMessage> FromWire(IReadOnlyList<WireMessage> messages)
    {
        List<ChatMessage> history = [];
        foreach (WireMessage wire in messages)
        {
            if (wire.Role == ChatRole.Tool.Value)
            {
                FunctionResultContent result = new(
                    wire.ToolCallId ?? throw new JsonException("A tool message has no tool_call_id."),
                    wire.Content is { ValueKind: JsonValueKind.String } content ? content.GetString() : string.Empty);

                // The history holds a turn's results of one round in one tool message, as the function-invocation loop makes it.
                if (history.Count > 0 && history[^1].Role == ChatRole.Tool)
                {
                    history[^1].Contents.Add(result);
                }
                else
                {
                    history.Add(new ChatMessage(ChatRole.Tool, [result]));
                }

                continue;
            }

            List<AIContent> contents = [];
            switch (wire.Content)
            {
                case { ValueKind: JsonValueKind.String } text:
                    contents.Add(new TextContent(text.GetString()));
                    break;
                case { ValueKind: JsonValueKind.Array } array:
                    foreach (WirePart part in array.Deserialize(ConversationStateJsonContext.Default.ListWirePart) ?? [])
                    {
                        contents.Add(FromWire(part));
                    }

                    break;
            }

            foreach (WireToolCall call in wire.ToolCalls ?? [])
            {
                FunctionCallContent content = FunctionCallContent.CreateFromParsedArguments(
                    call.Function.Arguments, call.Id, call.Function.Name, static json => JsonSerializer.Deserialize(json, ArgumentsTypeInfo));
                ModelResponseProperties.SetRawArguments(content, call.Function.Arguments);
                contents.Add(content);
            }

            if (wire.Refusal is { } refusal)
            {
                contents.Add(new ErrorContent(refusal) { ErrorCode = RefusalErrorCode });
            }

            history.Add(new ChatMessage(new ChatRole(wire.Role), contents) { AuthorName = wire.Name });
        }

        return history;
    }

    private static AIContent FromWire(WirePart part) => part.Type switch
    {
        "text" => new TextContent(part.Text),
        "image_url" when part.ImageUrl?.Url is { } url => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? new DataContent(url)
            : new UriContent(new Uri(url), "image/*"),
        _ => throw new JsonException($"A message part has the type '{part.Type}'; a stored conversation holds 'text' and 'image_url' parts."),
    };
}
