using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// One completed call to the chat model: what was sent, what came back, what it cost.
/// </summary>
public sealed record ModelCall
{
    /// <summary>Gets the call's number, counted from 1 across the whole conversation.</summary>
    public required int Number { get; init; }

    /// <summary>Gets why the call was made.</summary>
    public required ModelCallKind Kind { get; init; }

    /// <summary>Gets when the call started, by the injected <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets how long the call took, retries included.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Gets the messages sent to the model, in order.</summary>
    public required IReadOnlyList<ChatMessage> RequestMessages { get; init; }

    /// <summary>Gets the model's response.</summary>
    public required ChatResponse Response { get; init; }

    private readonly TokenUsage? _usage;

    /// <summary>
    /// Gets the call's token usage, as the provider reported it for this call alone; unless set, read from <see cref="Response"/>.
    /// </summary>
    /// <remarks>
    /// ImageChat sets it when the call completes: Microsoft.Extensions.AI's function-invocation loop later adds the usage
    /// of the turn's other calls into the first response's <see cref="ChatResponse.Usage"/>.
    /// </remarks>
    public TokenUsage Usage
    {
        get => _usage ?? TokenUsage.From(Response.Usage);
        init => _usage = value;
    }

    /// <summary>Gets the provider's raw response body, when the provider kept it (see <see cref="ModelResponseProperties.RawResponseBody"/>).</summary>
    public string? RawResponseBody => ModelResponseProperties.GetRawResponseBody(Response);
}
