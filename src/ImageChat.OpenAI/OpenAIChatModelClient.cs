using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ImageChat;

/// <summary>
/// The OpenAI chat model as ImageChat needs it: Microsoft.Extensions.AI's adapter over the SDK's <c>ChatClient</c>,
/// plus the raw response body for the call log (assembled from the chunks when streamed), SDK errors translated into <see cref="ModelCallException"/>, tool
/// calls sent back exactly as the model wrote them, a streamed refusal kept as the buffered adapter keeps it, and tools
/// converted once (<see cref="ConvertedChatTools"/>).
/// </summary>
internal sealed class OpenAIChatModelClient : DelegatingChatClient
{

    private readonly OpenAIErrorTranslator _errors;

    public OpenAIChatModelClient(IChatClient adapter, OpenAIErrorTranslator errors)
        : base(adapter) => _errors = errors;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        RawResponseCapture capture = RawResponseCapture.Begin();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(AsSentByModel(messages), ConvertedChatTools.Apply(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Chat, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        if (capture.Body is { } body)
        {
            ModelResponseProperties.SetRawResponseBody(response, body.ToMemory());
        }

        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionCallContent { RawRepresentation: ChatToolCall { FunctionArguments: { } arguments } } call)
                {
                    // The SDK's own bytes of the arguments: kept without a copy, sent back as they are.
                    ModelResponseProperties.SetRawArguments(call, arguments.ToMemory());
                }
            }
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates = base.GetStreamingResponseAsync(AsSentByModel(messages), ConvertedChatTools.Apply(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        StreamedChatCompletion completion = new();
        string? messageId = null;
        bool refusalYielded = false;
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (_errors.Translate(ModelOperation.Chat, ex, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                ChatResponseUpdate update = updates.Current;
                if (update.RawRepresentation is StreamingChatCompletionUpdate chunk)
                {
                    completion.Add(chunk);
                }

                messageId = update.MessageId ?? messageId;
                refusalYielded |= update.Contents.Any(IsRefusal);

                // The adapter yields each tool call once, complete, after the last chunk: give it what a buffered call has.
                foreach (FunctionCallContent call in update.Contents.OfType<FunctionCallContent>())
                {
                    if (completion.ToolCall(call.CallId) is { } toolCall)
                    {
                        call.RawRepresentation = toolCall;
                        ModelResponseProperties.SetRawArguments(call, toolCall.FunctionArguments.ToString());
                    }
                }

                yield return update;
            }
        }

        // The adapter keeps a streamed refusal only beside tool calls; as the buffered adapter does, the reply carries it.
        if (!refusalYielded && completion.Refusal is { } refusal)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new ErrorContent(refusal) { ErrorCode = ModelResponseProperties.RefusalErrorCode }]) { MessageId = messageId };
        }

        // No message id: ChatResponseExtensions.ToChatResponse puts it on the response, not on a message of the history.
        yield return new ChatResponseUpdate { AdditionalProperties = new() { [ModelResponseProperties.RawResponseBody] = completion.ToJson() } };
    }

    private static bool IsRefusal(AIContent content) => content is ErrorContent { ErrorCode: ModelResponseProperties.RefusalErrorCode };

    /// <summary>
    /// Sends assistant tool calls with the model's own argument text (<see cref="ModelResponseProperties.RawArguments"/>).
    /// The adapter would re-serialize the parsed arguments (indented, re-escaped), so the next request would not carry
    /// what the model said. Other messages pass through untouched.
    /// </summary>
    private static IEnumerable<ChatMessage> AsSentByModel(IEnumerable<ChatMessage> messages)
    {
        foreach (ChatMessage message in messages)
        {
            yield return message.Role == ChatRole.Assistant && message.RawRepresentation is not global::OpenAI.Chat.ChatMessage && AsWire(message) is { } wire
                ? WithRawRepresentation(message, wire)
                : message;
        }
    }

    /// <summary>The message as OpenAI's wire type, when it calls tools and every call has the model's own arguments.</summary>
    private static AssistantChatMessage? AsWire(ChatMessage message)
    {
        List<ChatToolCall>? calls = null;
        foreach (AIContent content in message.Contents)
        {
            if (content is FunctionCallContent call)
            {
                if (!ModelResponseProperties.TryGetRawArguments(call, out ReadOnlyMemory<byte> arguments))
                {
                    return null; // The adapter serializes them all, rather than mixing both spellings in one message.
                }

                (calls ??= []).Add(ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromBytes(arguments)));
            }
        }

        if (calls is null)
        {
            return null;
        }

        AssistantChatMessage wire = new(calls);
        if (message.Text is { Length: > 0 } text)
        {
            wire.Content.Add(ChatMessageContentPart.CreateTextPart(text));
        }

        return wire;
    }

    private static ChatMessage WithRawRepresentation(ChatMessage message, AssistantChatMessage wire)
    {
        ChatMessage clone = message.Clone();
        clone.RawRepresentation = wire;
        return clone;
    }
}
