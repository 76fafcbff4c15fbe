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

    // The last system prompt sent, converted to OpenAI's wire type once: an app's conversations mostly share one prompt,
    // which the adapter would otherwise convert again on every request of every conversation.
    private ConvertedSystemMessage? _system;

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
    /// what the model said. A plain system prompt goes as the wire message converted when it was first sent. Other
    /// messages pass through untouched.
    /// </summary>
    private IEnumerable<ChatMessage> AsSentByModel(IEnumerable<ChatMessage> messages)
    {
        foreach (ChatMessage message in messages)
        {
            if (message.RawRepresentation is global::OpenAI.Chat.ChatMessage)
            {
                yield return message;
            }
            else if (message.Role == ChatRole.Assistant && AsWire(message) is { } wire)
            {
                yield return WithRawRepresentation(message, wire);
            }
            else if (message.Role == ChatRole.System && SystemPromptOf(message) is { } prompt)
            {
                yield return ConvertedSystemMessage.Get(ref _system, prompt);
            }
            else
            {
                yield return message;
            }
        }
    }

    /// <summary>The text of a system message that is its text alone (one text part, no author, nothing the adapter would add).</summary>
    private static string? SystemPromptOf(ChatMessage message) =>
        message is { AuthorName: null, Contents: [TextContent { Annotations: null, AdditionalProperties: null, RawRepresentation: null } text] }
            ? text.Text
            : null;

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

    /// <summary>A system prompt and the message that sends it, with the adapter's own conversion as its raw representation.</summary>
    private sealed class ConvertedSystemMessage
    {
        private ConvertedSystemMessage(string prompt)
        {
            Prompt = prompt;
            ChatMessage message = new(ChatRole.System, prompt);
            message.RawRepresentation = new[] { message }.AsOpenAIChatMessages().Single();
            Message = message;
        }

        public string Prompt { get; }

        /// <summary>Gets the message sent in place of the conversation's own; shared by concurrent requests, which only read it.</summary>
        public ChatMessage Message { get; }

        /// <summary>The cached message when it is for <paramref name="prompt"/>; otherwise converts the prompt and caches it.</summary>
        public static ChatMessage Get(ref ConvertedSystemMessage? cache, string prompt)
        {
            ConvertedSystemMessage? cached = Volatile.Read(ref cache);
            if (cached is null || !string.Equals(cached.Prompt, prompt, StringComparison.Ordinal)) // The same instance is found first.
            {
                cached = new ConvertedSystemMessage(prompt);
                Volatile.Write(ref cache, cached);
            }

            return cached.Message;
        }
    }
}
