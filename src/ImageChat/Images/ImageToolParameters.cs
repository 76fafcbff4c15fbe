namespace ImageChat;

/// <summary>
/// The rendering choices <c>generate_image</c> and <c>edit_image</c> offer the chat model as optional parameters, so
/// that "a wide banner" or "with a transparent background" reaches the image model. A choice is offered only when the
/// image generator declares values for it (<see cref="ITextToImageGenerator.Capabilities"/>); the parameter's
/// description lists those values, and a value outside them is reported to the model instead of being sent.
/// </summary>
/// <remarks>
/// <see cref="None"/>, the default, offers no choice: the tools are the replaced system's, byte for byte, and every image is
/// rendered with the provider's configured defaults (for OpenAI: <c>OpenAIImageChatOptions.ImageSize</c> and its siblings).
/// In configuration, list the choices: <c>"ImageToolParameters": "Size, Background"</c>.
/// </remarks>
[Flags]
public enum ImageToolParameters
{
    /// <summary>No choice: the tools take only their description (and <c>edit_image</c> the image to edit).</summary>
    None = 0,

    /// <summary>The <c>size</c> parameter, such as <c>1536x1024</c> for a wide picture.</summary>
    Size = 1,

    /// <summary>The <c>quality</c> parameter, such as <c>high</c>.</summary>
    Quality = 2,

    /// <summary>The <c>output_format</c> parameter, such as <c>webp</c>; the saved file's extension follows it.</summary>
    OutputFormat = 4,

    /// <summary>The <c>background</c> parameter, such as <c>transparent</c>.</summary>
    Background = 8,

    /// <summary>Every choice the image generator declares.</summary>
    All = Size | Quality | OutputFormat | Background,
}
