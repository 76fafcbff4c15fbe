using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenAI.Chat;

namespace ImageChat;

/// <summary>
/// Assembles the chunks of a streamed chat completion into what the non-streaming API would have answered: the tool
/// calls with the model's own argument text, and the <c>chat.completion</c> body, keys in the API's order, for the
/// call log (a stream has no single body to keep).
/// </summary>
internal sealed class StreamedChatCompletion
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SortedDictionary<int, ToolCallParts> _toolCalls = [];
    private StringBuilder? _content;
    private StringBuilder? _refusal;
    private string? _id;
    private DateTimeOffset? _created;
    private string? _model;
    private string? _serviceTier;
    private string? _systemFingerprint;
    private ChatMessageRole? _role;
    private ChatFinishReason? _finishReason;
    private ChatTokenUsage? _usage;

    /// <summary>Gets the refusal streamed so far, or <see langword="null"/> when the model did not refuse.</summary>
    public string? Refusal => _refusal?.ToString();

    /// <summary>Takes in one chunk.</summary>
    public void Add(StreamingChatCompletionUpdate chunk)
    {
        _id ??= chunk.CompletionId;
        _created ??= chunk.CreatedAt;
        _model ??= chunk.Model;
#pragma warning disable OPENAI001 // Evaluation-only in the SDK, but part of every chat completion the API sends.
        _serviceTier ??= chunk.ServiceTier?.ToString();
#pragma warning restore OPENAI001
        _systemFingerprint ??= chunk.SystemFingerprint;
        _role ??= chunk.Role;
        _finishReason ??= chunk.FinishReason;
        _usage ??= chunk.Usage;
        foreach (ChatMessageContentPart part in chunk.ContentUpdate)
        {
            (_content ??= new StringBuilder()).Append(part.Text);
        }

        if (chunk.RefusalUpdate is { } refusal)
        {
            (_refusal ??= new StringBuilder()).Append(refusal);
        }

        foreach (StreamingChatToolCallUpdate update in chunk.ToolCallUpdates)
        {
            if (!_toolCalls.TryGetValue(update.Index, out ToolCallParts? call))
            {
                _toolCalls[update.Index] = call = new ToolCallParts();
            }

            call.Id ??= update.ToolCallId;
            call.Name ??= update.FunctionName;
            if (update.FunctionArgumentsUpdate is { } arguments)
            {
                call.Arguments.Append(arguments.ToString());
            }
        }
    }

    /// <summary>Gets a tool call as the non-streaming API would have returned it, or <see langword="null"/> for an unknown id.</summary>
    public ChatToolCall? ToolCall(string callId) =>
        _toolCalls.Values.FirstOrDefault(c => c.Id == callId) is { Name: { } name } call
            ? ChatToolCall.CreateFunctionToolCall(callId, name, BinaryData.FromString(call.Arguments.ToString()))
            : null;

    /// <summary>Writes the <c>chat.completion</c> body the non-streaming API would have sent.</summary>
    public string ToJson()
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter writer = new(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", _id);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteString("finish_reason", FinishReasonText(_finishReason));
            writer.WriteNumber("index", 0);
            writer.WriteNull("logprobs");
            WriteMessage(writer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (_created is { } created)
            {
                writer.WriteNumber("created", created.ToUnixTimeSeconds());
            }

            writer.WriteString("model", _model);
            writer.WriteString("object", "chat.completion");
            if (_serviceTier is not null)
            {
                writer.WriteString("service_tier", _serviceTier);
            }

            writer.WriteString("system_fingerprint", _systemFingerprint);
            if (_usage is not null)
            {
                WriteUsage(writer, _usage);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteMessage(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("message");
        if (_content is null || (_content.Length == 0 && _toolCalls.Count > 0))
        {
            writer.WriteNull("content"); // As the API answers a message that only calls tools.
        }
        else
        {
            writer.WriteString("content", _content.ToString());
        }

        writer.WriteString("refusal", _refusal?.ToString());
        writer.WriteString("role", _role is ChatMessageRole role ? RoleText(role) : "assistant");
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteNull("audio");
        writer.WriteNull("function_call");
        if (_toolCalls.Count == 0)
        {
            writer.WriteNull("tool_calls");
        }
        else
        {
            writer.WriteStartArray("tool_calls");
            foreach (ToolCallParts call in _toolCalls.Values)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.Id);
                writer.WriteStartObject("function");
                writer.WriteString("arguments", call.Arguments.ToString());
                writer.WriteString("name", call.Name);
                writer.WriteEndObject();
                writer.WriteString("type", "function");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, ChatTokenUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("completion_tokens", usage.OutputTokenCount);
        writer.WriteNumber("prompt_tokens", usage.InputTokenCount);
        writer.WriteNumber("total_tokens", usage.TotalTokenCount);
        if (usage.OutputTokenDetails is { } output)
        {
            writer.WriteStartObject("completion_tokens_details");
#pragma warning disable OPENAI001 // Evaluation-only in the SDK, but part of every usage the API sends.
            writer.WriteNumber("accepted_prediction_tokens", output.AcceptedPredictionTokenCount);
            writer.WriteNumber("audio_tokens", output.AudioTokenCount);
            writer.WriteNumber("reasoning_tokens", output.ReasoningTokenCount);
            writer.WriteNumber("rejected_prediction_tokens", output.RejectedPredictionTokenCount);
#pragma warning restore OPENAI001
            writer.WriteEndObject();
        }

        if (usage.InputTokenDetails is { } input)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("audio_tokens", input.AudioTokenCount);
            writer.WriteNumber("cached_tokens", input.CachedTokenCount);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string? FinishReasonText(ChatFinishReason? reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => null,
    };

    private static string RoleText(ChatMessageRole role) => role switch
    {
        ChatMessageRole.System => "system",
        ChatMessageRole.User => "user",
        ChatMessageRole.Tool => "tool",
        ChatMessageRole.Function => "function",
        _ => "assistant",
    };

    private sealed class ToolCallParts
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
