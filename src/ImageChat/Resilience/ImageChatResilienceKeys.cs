namespace ImageChat;

/// <summary>
/// Keys of ImageChat's Polly pipelines in <c>ResiliencePipelineProvider&lt;string&gt;</c>; they also name the pipelines in Polly's telemetry.
/// </summary>
internal static class ImageChatResilienceKeys
{
    /// <summary>The pipeline around each chat-model call: <c>ImageChat.Chat</c>.</summary>
    public const string Chat = "ImageChat.Chat";

    /// <summary>The pipeline around each image-model call: <c>ImageChat.Image</c>.</summary>
    public const string Image = "ImageChat.Image";
}
