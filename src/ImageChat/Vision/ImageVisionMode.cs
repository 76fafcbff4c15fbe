namespace ImageChat;

/// <summary>
/// Whether the chat model is shown the conversation's current image, so that it can answer from the picture itself
/// rather than from the description it asked for. See <see cref="ImageVisionOptions"/>.
/// </summary>
public enum ImageVisionMode
{
    /// <summary>
    /// Never: follow-ups are answered from the images' descriptions in the history, as the replaced system did. The default.
    /// </summary>
    None,

    /// <summary>
    /// When the user's message refers to the picture: it names one ("picture", "image", "photo", "drawing", "painting")
    /// or points at it ("it", "this", "that", "these", "those"), or it is a question right after the turn that made the
    /// current image. Every request of that turn carries the image that was current when the turn started (none when
    /// there was none yet); later turns do not, unless they refer to it too.
    /// </summary>
    CurrentImage,

    /// <summary>
    /// Every request once the conversation has an image carries the latest image, one the turn just made included (the
    /// model then sees what it drew before it replies): the model always sees it, at a cost on every call.
    /// </summary>
    Always,
}
