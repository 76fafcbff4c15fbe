namespace ImageChat;

/// <summary>
/// Keys of the keyed services ImageChat registers. Providers register their chat client under <see cref="ChatModel"/>.
/// </summary>
internal static class ImageChatServiceKeys
{
    /// <summary>The key of the provider's plain <c>IChatClient</c>, the bottom of the pipeline (see <c>UseChatClient</c>).</summary>
    public const string ChatModel = "ImageChat.ChatModel";

    /// <summary>The key of the composed <c>IChatClient</c>: function invocation → call tracking and telemetry → resilience → provider.</summary>
    public const string Pipeline = "ImageChat.Pipeline";
}
