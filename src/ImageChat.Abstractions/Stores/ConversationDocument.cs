using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageChat;

/// <summary>The JSON document of a stored conversation, version 1 (docs/conversation-state.md).</summary>
internal sealed class ConversationDocument
{
    public required string Format { get; init; }

    public required int FormatVersion { get; init; }

    public required string Id { get; init; }

    public required long Version { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public required string SystemPrompt { get; init; }

    public required IReadOnlyList<WireMessage> Messages { get; init; }

    public required IReadOnlyList<ConversationImage> Images { get; init; }

    public required UsageSummary Usage { get; init; }
}

/// <summary>A message in the OpenAI chat-completions shape.</summary>
internal sealed class WireMessage
{
    public required string Role { get; init; }

    public string? Name { get; init; }

    /// <summary>A string, an array of <see cref="WirePart"/>, or null (an assistant message that only calls tools).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Content { get; init; }

    public IReadOnlyList<WireToolCall>? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }

    /// <summary>The model's refusal, as the chat-completions API reports it.</summary>
    public string? Refusal { get; init; }
}

/// <summary>A content part: <c>text</c> or <c>image_url</c>.</summary>
internal sealed class WirePart
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public WireImageUrl? ImageUrl { get; init; }
}

/// <summary>The image of an <c>image_url</c> part: a URL or a <c>data:</c> URI.</summary>
internal sealed class WireImageUrl
{
    public required string Url { get; init; }
}

/// <summary>An assistant's tool call with the arguments exactly as the model wrote them.</summary>
internal sealed class WireToolCall
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required WireFunction Function { get; init; }
}

/// <summary>The function of a tool call.</summary>
internal sealed class WireFunction
{
    public required string Name { get; init; }

    public required string Arguments { get; init; }
}
