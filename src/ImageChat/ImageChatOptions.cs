using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;

namespace ImageChat;

/// <summary>
/// Options of ImageChat's engine, bindable from the <c>ImageChat</c> configuration section. They are validated when the
/// client is built (or at host start): every invalid value is reported with its configuration key.
/// </summary>
public sealed class ImageChatOptions
{
    /// <summary>The default of <see cref="MaxToolRoundsPerTurn"/>: 8.</summary>
    public const int DefaultMaxToolRoundsPerTurn = 8;

    /// <summary>The default of <see cref="MaxMessageLength"/>: 32,000 characters.</summary>
    public const int DefaultMaxMessageLength = 32_000;

    /// <summary>The default of <see cref="MaxImageDescriptionLength"/>: 4,000 characters, dall-e-3's prompt limit.</summary>
    public const int DefaultMaxImageDescriptionLength = 4_000;

    /// <summary>The default of <see cref="MaxImagesPerTurn"/>: 4.</summary>
    public const int DefaultMaxImagesPerTurn = 4;

    /// <summary>The default of <see cref="MaxConcurrentToolCalls"/>: 4.</summary>
    public const int DefaultMaxConcurrentToolCalls = 4;

    /// <summary>Gets or sets the system prompt of new conversations; empty sends none. Default: <see cref="ImageChatDefaults.SystemPrompt"/>.</summary>
    [Required(AllowEmptyStrings = true)]
    public string SystemPrompt { get; set; } = ImageChatDefaults.SystemPrompt;

    /// <summary>
    /// Gets or sets how many times a turn may call the model back with tool results. A model that keeps calling tools is
    /// then asked once more without tools, so that it answers. From 1 to 100. Default: <see cref="DefaultMaxToolRoundsPerTurn"/>.
    /// </summary>
    [Range(1, 100)]
    public int MaxToolRoundsPerTurn { get; set; } = DefaultMaxToolRoundsPerTurn;

    /// <summary>Gets or sets the longest user message a turn accepts, in characters; at least 1. Default: <see cref="DefaultMaxMessageLength"/>.</summary>
    [Range(1, int.MaxValue)]
    public int MaxMessageLength { get; set; } = DefaultMaxMessageLength;

    /// <summary>
    /// Gets or sets the longest image description the tool passes to the image model, in characters; a longer one is
    /// reported back to the chat model to shorten. At least 1. Default: <see cref="DefaultMaxImageDescriptionLength"/>.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxImageDescriptionLength { get; set; } = DefaultMaxImageDescriptionLength;

    /// <summary>
    /// Gets or sets how many tool calls of one model response run at once. A model that asks for three images in one
    /// response gets them made concurrently; results still go back in the order the model called, and a failing call
    /// does not stop its siblings. 1 runs them one after another. From 1 to 64. Default: <see cref="DefaultMaxConcurrentToolCalls"/>.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentToolCalls { get; set; } = DefaultMaxConcurrentToolCalls;

    /// <summary>
    /// Gets or sets how many images one turn may ask the image model for, whichever image tool asks and however many calls
    /// one response holds: a spending cap. A call beyond it is answered "not generated: the limit of N images per turn was
    /// reached" and costs nothing; a call the image model answered with an error status (a refusal, say) or that never
    /// reached it gives its slot back. From 1 to 100. Default: <see cref="DefaultMaxImagesPerTurn"/>.
    /// </summary>
    [Range(1, 100)]
    public int MaxImagesPerTurn { get; set; } = DefaultMaxImagesPerTurn;

    /// <summary>Gets or sets the folder the default image store saves in; relative to the current directory. Default: <see cref="FileSystemImageStoreOptions.DefaultDirectory"/>.</summary>
    [Required]
    public string ImageDirectory { get; set; } = FileSystemImageStoreOptions.DefaultDirectory;

    /// <summary>Gets or sets what a turn does when an image cannot be made, for any reason. Default: <see cref="ImageFailureHandling.ReportToModel"/>.</summary>
    [EnumDataType(typeof(ImageFailureHandling))]
    public ImageFailureHandling ImageFailureHandling { get; set; } = ImageFailureHandling.ReportToModel;

    /// <summary>
    /// Gets or sets the rendering choices (size, quality, file format, background) the image tools offer the chat model as
    /// optional parameters, among those the image generator declares. Default: <see cref="ImageToolParameters.None"/>, the
    /// replaced system's tools exactly; <see cref="ImageToolParameters.All"/> lets "a wide banner with a transparent
    /// background" reach the image model.
    /// </summary>
    [EnumDataType(typeof(ImageToolParameters))]
    public ImageToolParameters ImageToolParameters { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a turn whose reply is a refusal, or was stopped by the provider's content
    /// filter, fails with <see cref="ChatRefusedException"/> (the history stays as before the turn). When off, the turn
    /// commits and its <see cref="ChatTurnResult.Refusal"/> and <see cref="ChatTurnResult.FinishReason"/> say so. Default: off.
    /// </summary>
    public bool ThrowOnRefusal { get; set; }

    /// <summary>
    /// Gets or sets the text of the tool result for a saved image. Default: the replaced system's
    /// <c>Image generated successfully and saved to &lt;file name&gt;. Description: &lt;description&gt;</c>, and for an edit
    /// <c>Image edited successfully from &lt;parent file name&gt; and saved to &lt;file name&gt;. Description: &lt;description&gt;</c>;
    /// when the image model rewrote the description (dall-e-3 does), <c> The image model drew it from its revised prompt: &lt;revised prompt&gt;</c>
    /// follows, so that the chat model answers questions about the picture from what was drawn.
    /// </summary>
    [Required]
    public Func<ConversationImage, string> ImageToolResultFormatter { get; set; } = FormatImageToolResult;

    /// <summary>
    /// Gets or sets the most prompt tokens a request may carry, counted with the o200k_base encoding of the gpt-4o family.
    /// A request over it is compacted: the oldest turns are left out (a turn's tool calls and results always together),
    /// the images they made are listed one line each, and the system prompt and the current turn are always sent.
    /// Compaction shapes what is sent, never the history. At least 100; <see langword="null"/> (the default) sends the whole history.
    /// </summary>
    [Range(100, int.MaxValue)]
    public int? MaxPromptTokens { get; set; }

    /// <summary>
    /// A compact <see cref="ImageToolResultFormatter"/>: <c>Image generated successfully and saved to &lt;file name&gt;.</c>
    /// (for an edit <c>Image edited successfully from &lt;parent file name&gt; and saved to &lt;file name&gt;.</c>), without
    /// repeating the description the tool call already carries. It cuts the reference conversation's prompt tokens by a fifth.
    /// </summary>
    /// <param name="image">The saved image.</param>
    /// <returns>The tool result the model reads.</returns>
    public static string FormatCompactImageToolResult(ConversationImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Saved(image);
    }

    /// <summary>The default <see cref="ImageToolResultFormatter"/>.</summary>
    /// <param name="image">The saved image.</param>
    /// <returns>The tool result the model reads.</returns>
    public static string FormatImageToolResult(ConversationImage image)
    {
        ArgumentNullException.ThrowIfNull(image);

        // Built in one pooled buffer: every image turn formats one, and only the result is allocated.
        DefaultInterpolatedStringHandler text = new(literalLength: 64, formattedCount: 4);
        AppendSaved(ref text, image);
        text.AppendLiteral(" Description: ");
        text.AppendFormatted(image.Description);
        if (image.RevisedPrompt is { } revised)
        {
            text.AppendLiteral(" The image model drew it from its revised prompt: ");
            text.AppendFormatted(revised);
        }

        return text.ToStringAndClear();
    }

    private static string Saved(ConversationImage image)
    {
        DefaultInterpolatedStringHandler text = new(literalLength: 48, formattedCount: 2);
        AppendSaved(ref text, image);
        return text.ToStringAndClear();
    }

    private static void AppendSaved(ref DefaultInterpolatedStringHandler text, ConversationImage image)
    {
        if (image.ParentFileName is { } parent)
        {
            text.AppendLiteral("Image edited successfully from ");
            text.AppendFormatted(parent);
            text.AppendLiteral(" and saved to ");
        }
        else
        {
            text.AppendLiteral("Image generated successfully and saved to ");
        }

        text.AppendFormatted(image.FileName);
        text.AppendLiteral(".");
    }
}
