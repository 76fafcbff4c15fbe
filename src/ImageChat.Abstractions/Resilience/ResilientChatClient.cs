using Microsoft.Extensions.AI;
using Polly;

namespace ImageChat;

/// <summary>
/// Runs each chat-model call through the chat resilience pipeline. Sits below the function-invocation loop, so a
/// retry re-sends one model call and never re-runs a tool.
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;

    public ResilientChatClient(IChatClient innerClient, ResiliencePipeline pipeline)
        : base(innerClient) => _pipeline = pipeline;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] sent = [.. messages]; // Each attempt sends the same messages, even if the caller's enumerable is lazy.
        return _pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<ChatResponse>(state.Inner.GetResponseAsync(state.Sent, state.Options, ct)),
            (Inner: InnerClient, Sent: sent, Options: options),
            cancellationToken).AsTask();
    }
}
