using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ImageChat;

/// <summary>
/// The OpenAI chat model as ImageChat needs it: Microsoft.Extensions.AI's adapter over the SDK's <c>ChatClient</c>,
/// plus the raw response body for the call log (assembled from the chunks when streamed), SDK errors translated into <see cref="ModelCallException"/>, tool
/// calls sent back exactly as the model wrote them, and a streamed refusal kept as the buffered adapter keeps it.
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
            response = await base.GetResponseAsync(AsSentByModel(messages), options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Chat, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        if (capture.Body is { } body)
        {
            ModelResponseProperties.SetRawResponseBody(response, body);
        }

        foreach (FunctionCallContent call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
        {
            if (call.RawRepresentation is ChatToolCall { FunctionArguments: { } arguments })
            {
                ModelResponseProperties.SetRawArguments(call, arguments.ToString());
            }
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates = base.GetStreamingResponseAsync(AsSentByModel(messages), options, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
    /// Sends assistant tool calls with the model's own argument text. The adapter would re-serialize the parsed
    /// arguments (indented, re-escaped), so the next request would not carry what the model said.
    /// </summary>
    private static IEnumerable<ChatMessage> AsSentByModel(IEnumerable<ChatMessage> messages)
    {
        foreach (ChatMessage message in messages)
        {
            List<FunctionCallContent> calls = [.. message.Contents.OfType<FunctionCallContent>()];
            ChatToolCall?[] wireCalls = [.. calls.Select(AsSentByModel)];
            if (message.Role != ChatRole.Assistant || message.RawRepresentation is global::OpenAI.Chat.ChatMessage || calls.Count == 0 || wireCalls.Any(c => c is null))
            {
                yield return message;
                continue;
            }

            AssistantChatMessage wire = new(wireCalls!);
            if (message.Text is { Length: > 0 } text)
            {
                wire.Content.Add(ChatMessageContentPart.CreateTextPart(text));
            }

            ChatMessage clone = message.Clone();
            clone.RawRepresentation = wire;
            yield return clone;
        }
    }

    /// <summary>The SDK's tool call as received, or rebuilt from the model's argument text (a conversation restored from its store).</summary>
    private static ChatToolCall? AsSentByModel(FunctionCallContent call) =>
        call.RawRepresentation as ChatToolCall
        ?? (ModelResponseProperties.GetRawArguments(call) is { } arguments
            ? ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromString(arguments))
            : null);
}
