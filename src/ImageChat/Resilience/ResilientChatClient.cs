using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;

namespace ImageChat;

/// <summary>
/// Runs each chat-model call through the chat resilience pipeline. Sits below the function-invocation loop, so a
/// retry re-sends one model call and never re-runs a tool. The pipeline's timeouts and open circuit surface as
/// <see cref="ModelCallException"/> for <see cref="ModelOperation.Chat"/>.
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly ModelFailureTranslator _failures;

    public ResilientChatClient(IChatClient innerClient, ResiliencePipeline pipeline, ModelFailureTranslator failures)
        : base(innerClient)
    {
        _pipeline = pipeline;
        _failures = failures;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Each attempt sends the same messages, even if the caller's enumerable is lazy; the call tracking above already
        // hands over an array it never changes.
        ChatMessage[] sent = messages as ChatMessage[] ?? [.. messages];
        return _pipeline.ExecuteAsync(
            _failures,
            ModelOperation.Chat,
            static (s, t) => s.Inner.GetResponseAsync(s.Sent, s.Options, t),
            (Inner: InnerClient, Sent: sent, Options: options),
            cancellationToken);
    }

    /// <summary>
    /// Streams the answer. Attempts are retried only until the first update arrives: once the caller has seen part of an
    /// answer, a failure ends the stream (see <see cref="ResilientStream{T}"/>).
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatMessage[] sent = [.. messages];
        ResilientStream<ChatResponseUpdate> stream = await StartStreamAsync(sent, options, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (stream.HasCurrent)
            {
                yield return stream.Current;
                await stream.MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task<ResilientStream<ChatResponseUpdate>> StartStreamAsync(ChatMessage[] sent, ChatOptions? options, CancellationToken cancellationToken) =>
        ResilientStream<ChatResponseUpdate>.StartAsync(
            _pipeline,
            _failures,
            ModelOperation.Chat,
            token => InnerClient.GetStreamingResponseAsync(sent, options, token),
            cancellationToken);
}
