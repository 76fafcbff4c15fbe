using System.ComponentModel.DataAnnotations;

namespace ImageChat;

/// <summary>
/// Options of vision follow-ups, bindable from the <c>ImageChat:Vision</c> configuration section: whether and when the
/// chat model is shown the current image (<see cref="Mode"/>), and how large (<see cref="MaxSide"/>).
/// </summary>
/// <remarks>
/// The image is attached to the outgoing request only, as an image part of the turn's user message sent at OpenAI's
/// <c>detail: low</c>: it is never added to the history, the conversation store or the call log (which notes its media
/// type and size in its place). It costs prompt tokens on every request that carries it, as the model reports them in
/// the turn's usage; <see cref="ImageChatOptions.MaxPromptTokens"/> counts text only.
/// </remarks>
public sealed class ImageVisionOptions
{
    /// <summary>The configuration section, below <c>ImageChat</c>, these options bind from: <c>Vision</c>.</summary>
    public const string ConfigurationSectionName = "Vision";

    /// <summary>The default of <see cref="MaxSide"/>: 512 pixels, what OpenAI looks at in <c>detail: low</c>.</summary>
    public const int DefaultMaxSide = 512;

    /// <summary>Gets or sets when the current image is sent to the chat model. Default: <see cref="ImageVisionMode.None"/>.</summary>
    [EnumDataType(typeof(ImageVisionMode))]
    public ImageVisionMode Mode { get; set; } = ImageVisionMode.None;

    /// <summary>
    /// Gets or sets the longest side, in pixels, of the image sent: a larger one is scaled down (its proportions kept)
    /// and sent as PNG; a smaller one is sent as saved. From 16 to 2048. Default: <see cref="DefaultMaxSide"/>.
    /// </summary>
    [Range(16, 2048)]
    public int MaxSide { get; set; } = DefaultMaxSide;
}
