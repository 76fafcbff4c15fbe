using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Renders model calls in ImageChat's call-log format, the format of the system ImageChat replaces:
/// a <c>### Call #N - Initial Chat (HH:mm:ss)</c> header, the messages sent in OpenAI's chat-completions wire shape,
/// the provider's raw response pretty-printed with its key order kept, the token usage, and a <c>---</c> rule.
/// </summary>
/// <remarks>
/// JSON is indented by two spaces and escaped minimally (<c>\"</c>, not <c>\u0022</c>), as in the original log, so the
/// log is readable and diffable. It never holds an API key or an HTTP header: only messages, responses and usage.
/// </remarks>
public static class CallLogFormatter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // A log for people, never embedded in HTML.
    };

    // Source-generated metadata (trimming and AOT safe): ImageChat's own for the arguments dictionary, MEAI's for the
    // values that tools take and return.
    private static readonly JsonSerializerOptions ArgumentSerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CallLogJsonContext.Default, AIJsonUtilities.DefaultOptions.TypeInfoResolver),
    };

    /// <summary>Renders one call as a call-log entry, ending with the <c>---</c> rule and a blank line.</summary>
    /// <param name="modelCall">The call.</param>
    /// <returns>The entry, with <c>\n</c> line ends.</returns>
    public static string Format(ModelCall modelCall)
    {
        ArgumentNullException.ThrowIfNull(modelCall);

        StringBuilder entry = new();
        entry.Append(CultureInfo.InvariantCulture, $"### Call #{modelCall.Number} - {KindName(modelCall.Kind)} ({modelCall.StartedAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture)})\n\n");
        entry.Append("**Messages sent to model:**\n```json\n").Append(FormatMessages(modelCall.RequestMessages)).Append("\n```\n\n");
        entry.Append("**Model Response:**\n```json\n").Append(FormatResponse(modelCall)).Append("\n```\n\n");
        entry.Append(CultureInfo.InvariantCulture, $"**Token Usage:** {modelCall.Usage}\n\n---\n\n");
        return entry.ToString();
    }

    /// <summary>Renders messages as OpenAI's chat-completions <c>messages</c> array.</summary>
    /// <param name="messages">The messages, as sent to the model.</param>
    /// <returns>The indented JSON array.</returns>
    /// <remarks>
    /// Keys come in the original log's order: <c>role</c>, <c>content</c> (<c>null</c> on an assistant message that
    /// only calls tools), <c>tool_calls</c>; tool results as <c>role</c>, <c>tool_call_id</c>, <c>content</c>, one
    /// message per result. Tool-call arguments are the model's own text when the provider kept it
    /// (<see cref="ModelResponseProperties.RawArguments"/>).
    /// </remarks>
    public static string FormatMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return WriteJson(messages, static (writer, messages) =>
        {
            writer.WriteStartArray();
            foreach (ChatMessage message in messages)
            {
                WriteMessage(writer, message);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// Renders a call's response: the provider's raw body (<see cref="ModelCall.RawResponseBody"/>) pretty-printed with
    /// its key order kept, or, when the provider gave none, an OpenAI <c>chat.completion</c>-shaped rendering of it.
    /// </summary>
    /// <param name="modelCall">The call.</param>
    /// <returns>The indented JSON object.</returns>
    public static string FormatResponse(ModelCall modelCall)
    {
        ArgumentNullException.ThrowIfNull(modelCall);
        if (modelCall.RawResponseBody is { } body && TryPrettyPrint(body) is { } printed)
        {
            return printed;
        }

        return WriteJson(modelCall.Response, WriteChatCompletion);
    }

    private static string KindName(ModelCallKind kind) => kind switch
    {
        ModelCallKind.InitialChat => "Initial Chat",
        ModelCallKind.PostToolResponse => "Post-Tool Response",
        _ => kind.ToString(),
    };

    private static string? TryPrettyPrint(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return WriteJson(document.RootElement, static (writer, root) => root.WriteTo(writer));
        }
        catch (JsonException)
        {
            return null; // Not JSON after all: the rendering below is more use than a broken block.
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        if (message.Role == ChatRole.Tool)
        {
            foreach (FunctionResultContent result in message.Contents.OfType<FunctionResultContent>())
            {
                writer.WriteStartObject();
                writer.WriteString("role", "tool");
                writer.WriteString("tool_call_id", result.CallId);
                writer.WriteString("content", ResultText(result.Result));
                writer.WriteEndObject();
            }

            return;
        }

        FunctionCallContent[] calls = [.. message.Contents.OfType<FunctionCallContent>()];
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        WriteContent(writer, message, calls.Length > 0);
        WriteToolCalls(writer, calls);

        writer.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter writer, ChatMessage message, bool callsTools)
    {
        AIContent[] parts = [.. message.Contents.Where(c => c is not FunctionCallContent and not FunctionResultContent)];
        if (parts.All(p => p is TextContent))
        {
            string text = string.Concat(parts.Cast<TextContent>().Select(t => t.Text));
            if (text.Length == 0 && callsTools)
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", text);
            }

            return;
        }

        // Text with other parts (pictures, files): OpenAI's array of content parts, with a note in place of any data.
        writer.WriteStartArray("content");
        foreach (AIContent part in parts)
        {
            writer.WriteStartObject();
            switch (part)
            {
                case TextContent text:
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text.Text);
                    break;
                case UriContent uri:
                    writer.WriteString("type", "image_url");
                    writer.WriteString("url", uri.Uri.ToString());
                    break;
                case DataContent data:
                    writer.WriteString("type", data.HasTopLevelMediaType("image") ? "image_url" : "file");
                    writer.WriteString("data", string.Create(CultureInfo.InvariantCulture, $"({data.MediaType}, {data.Data.Length} bytes, not logged)"));
                    if (data.AdditionalProperties?.TryGetValue(VisionImage.DetailProperty, out string? detail) == true)
                    {
                        writer.WriteString(VisionImage.DetailProperty, detail);
                    }

                    break;
                default:
                    writer.WriteString("type", part.GetType().Name);
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, FunctionCallContent[] calls)
    {
        if (calls.Length == 0)
        {
            return; // OpenAI omits the key rather than sending an empty array.
        }

        writer.WriteStartArray("tool_calls");
        foreach (FunctionCallContent call in calls)
        {
            WriteToolCall(writer, call);
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call)
    {
        writer.WriteStartObject();
        writer.WriteString("id", call.CallId);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", ArgumentsText(call));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Gets a tool call's arguments as the model wrote them, or serialized again when the provider kept no text.</summary>
    internal static string ArgumentsText(FunctionCallContent call) =>
        ModelResponseProperties.GetRawArguments(call)
        ?? JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), ArgumentSerializerOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        _ => JsonSerializer.Serialize(result, ArgumentSerializerOptions.GetTypeInfo(result.GetType())),
    };

    /// <summary>Renders a response with no raw body the way OpenAI's chat-completions API would have sent it.</summary>
    private static void WriteChatCompletion(Utf8JsonWriter writer, ChatResponse response)
    {
        ChatMessage message = response.Messages.LastOrDefault() ?? new ChatMessage(ChatRole.Assistant, string.Empty);
        FunctionCallContent[] calls = [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];

        writer.WriteStartObject();
        if (response.ResponseId is { } id)
        {
            writer.WriteString("id", id);
        }

        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteString("finish_reason", response.FinishReason?.Value ?? (calls.Length > 0 ? "tool_calls" : "stop"));
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        string text = string.Concat(response.Messages.Select(m => m.Text));
        if (text.Length == 0 && calls.Length > 0)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", text);
        }

        writer.WriteString("role", message.Role.Value);
        WriteToolCalls(writer, calls);

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();

        if (response.CreatedAt is { } created)
        {
            writer.WriteNumber("created", created.ToUnixTimeSeconds());
        }

        if (response.ModelId is { } model)
        {
            writer.WriteString("model", model);
        }

        writer.WriteString("object", "chat.completion");
        if (response.Usage is { } usage)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("completion_tokens", usage.OutputTokenCount ?? 0);
            writer.WriteNumber("prompt_tokens", usage.InputTokenCount ?? 0);
            writer.WriteNumber("total_tokens", usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string WriteJson<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter writer = new(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
