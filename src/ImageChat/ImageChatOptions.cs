namespace ImageChat;

/// <summary>
/// Options of ImageChat's engine. Bindable from the <c>ImageChat</c> configuration section; every setter validates its value.
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

    private string _systemPrompt = ImageChatDefaults.SystemPrompt;
    private int _maxToolRoundsPerTurn = DefaultMaxToolRoundsPerTurn;
    private int _maxMessageLength = DefaultMaxMessageLength;
    private int _maxImageDescriptionLength = DefaultMaxImageDescriptionLength;
    private int _maxImagesPerTurn = DefaultMaxImagesPerTurn;
    private string _imageDirectory = FileSystemImageStoreOptions.DefaultDirectory;
    private Func<ConversationImage, string> _imageToolResultFormatter = FormatImageToolResult;

    /// <summary>Gets or sets the system prompt of new conversations; empty sends none. Default: <see cref="ImageChatDefaults.SystemPrompt"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public string SystemPrompt
    {
        get => _systemPrompt;
        set => _systemPrompt = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets or sets how many times a turn may call the model back with tool results. A model that keeps calling tools is
    /// then asked once more without tools, so that it answers. From 1 to 100. Default: <see cref="DefaultMaxToolRoundsPerTurn"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to 100.</exception>
    public int MaxToolRoundsPerTurn
    {
        get => _maxToolRoundsPerTurn;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _maxToolRoundsPerTurn = value;
        }
    }

    /// <summary>Gets or sets the longest user message <see cref="IImageChatConversation.SendAsync"/> accepts, in characters. Default: <see cref="DefaultMaxMessageLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxMessageLength
    {
        get => _maxMessageLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxMessageLength = value;
        }
    }

    /// <summary>
    /// Gets or sets the longest image description the tool passes to the image model, in characters; a longer one is
    /// reported back to the chat model to shorten. Default: <see cref="DefaultMaxImageDescriptionLength"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxImageDescriptionLength
    {
        get => _maxImageDescriptionLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxImageDescriptionLength = value;
        }
    }

    /// <summary>
    /// Gets or sets how many images one turn may ask the image model for, whichever image tool asks and however many calls
    /// one response holds: a spending cap. A call beyond it is answered "not generated: the limit of N images per turn was
    /// reached" and costs nothing; a call the image model answered with an error status (a refusal, say) or that never
    /// reached it gives its slot back. From 1 to 100. Default: <see cref="DefaultMaxImagesPerTurn"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to 100.</exception>
    public int MaxImagesPerTurn
    {
        get => _maxImagesPerTurn;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _maxImagesPerTurn = value;
        }
    }

    /// <summary>Gets or sets the folder the default image store saves in. Default: <see cref="FileSystemImageStoreOptions.DefaultDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string ImageDirectory
    {
        get => _imageDirectory;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _imageDirectory = value;
        }
    }

    /// <summary>Gets or sets what a turn does when an image cannot be made, for any reason. Default: <see cref="ImageFailureHandling.ReportToModel"/>.</summary>
    public ImageFailureHandling ImageFailureHandling { get; set; } = ImageFailureHandling.ReportToModel;

    /// <summary>
    /// Gets or sets a value indicating whether a turn whose reply is a refusal, or was stopped by the provider's content
    /// filter, fails with <see cref="ChatRefusedException"/> (the history stays as before the turn). When off, the turn
    /// commits and its <see cref="ChatTurnResult.Refusal"/> and <see cref="ChatTurnResult.FinishReason"/> say so. Default: off.
    /// </summary>
    public bool ThrowOnRefusal { get; set; }

    /// <summary>
    /// Gets or sets the text of the tool result for a saved image. Default: the replaced system's
    /// <c>Image generated successfully and saved to &lt;file name&gt;. Description: &lt;description&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public Func<ConversationImage, string> ImageToolResultFormatter
    {
        get => _imageToolResultFormatter;
        set => _imageToolResultFormatter = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The default <see cref="ImageToolResultFormatter"/>.</summary>
    /// <param name="image">The saved image.</param>
    /// <returns>The tool result the model reads.</returns>
    public static string FormatImageToolResult(ConversationImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return $"Image generated successfully and saved to {image.FileName}. Description: {image.Description}";
    }
}
