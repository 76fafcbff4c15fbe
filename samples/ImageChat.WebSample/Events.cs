namespace ImageChat.WebSample;

/// <summary>The payloads of the server-sent events of a turn, by event name.</summary>
public static class Events
{
    /// <summary><c>status</c>: what the turn is doing now.</summary>
    /// <param name="Text">A short line for the page's status bar.</param>
    public sealed record Status(string Text);

    /// <summary><c>delta</c>: reply text as it arrives.</summary>
    /// <param name="Text">The text that arrived.</param>
    public sealed record Delta(string Text);

    /// <summary><c>image-started</c>: the image model was asked for an image.</summary>
    /// <param name="CallId">The tool call the image is for.</param>
    /// <param name="Description">What was asked for.</param>
    public sealed record ImageStarted(string CallId, string Description);

    /// <summary><c>image-preview</c>: a partial rendering of the image, for display only.</summary>
    /// <param name="CallId">The tool call the image is for.</param>
    /// <param name="DataUrl">The preview as a <c>data:</c> URL.</param>
    public sealed record ImagePreview(string CallId, string DataUrl);

    /// <summary><c>image</c>: the image was saved and can be shown.</summary>
    /// <param name="CallId">The tool call the image is for.</param>
    /// <param name="Image">The image.</param>
    public sealed record ImageSaved(string CallId, ImageView Image);

    /// <summary><c>done</c>: the turn completed.</summary>
    /// <param name="Message">The reply as the page shows it from now on.</param>
    public sealed record Done(MessageView Message);

    /// <summary><c>error</c>: the turn failed; the conversation is as it was before it.</summary>
    /// <param name="Message">What went wrong, for the user.</param>
    public sealed record TurnFailed(string Message);
}
