namespace ImageChat;

/// <summary>
/// Options of the OpenAI provider. Bindable from the <c>ImageChat:OpenAI</c> configuration section; every setter validates its value.
/// </summary>
public sealed class OpenAIImageChatOptions
{
    /// <summary>The configuration section <c>UseOpenAI(configuration)</c> binds below <c>ImageChat</c>: <c>OpenAI</c>.</summary>
    public const string ConfigurationSectionName = "OpenAI";

    /// <summary>The default of <see cref="ChatModel"/>: <c>gpt-4o-mini</c>.</summary>
    public const string DefaultChatModel = "gpt-4o-mini";

    /// <summary>The default of <see cref="ImageModel"/>: <c>gpt-image-1</c>.</summary>
    public const string DefaultImageModel = "gpt-image-1";

    /// <summary>
    /// The default of <see cref="NetworkTimeout"/>: 10 minutes, the image pipeline's default total timeout. It is only a safety
    /// net: ImageChat's attempt timeouts (100 seconds for chat, 5 minutes for images) are shorter and decide first.
    /// </summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromMinutes(10);

    private string _chatModel = DefaultChatModel;
    private string _imageModel = DefaultImageModel;
    private TimeSpan _networkTimeout = DefaultNetworkTimeout;
    private string? _imageSize;

    /// <summary>Gets or sets the API key. Required; never logged or put into an exception message.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the endpoint of any OpenAI-compatible server (Azure OpenAI, Ollama, LM Studio, vLLM), such as
    /// <c>http://127.0.0.1:5000/v1</c>. Default: <see langword="null"/>, OpenAI's own.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the chat model. Default: <see cref="DefaultChatModel"/>.</summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string ChatModel
    {
        get => _chatModel;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _chatModel = value;
        }
    }

    /// <summary>Gets or sets the image model: <c>gpt-image-1</c> (the default) or <c>dall-e-3</c>, whose URL results are downloaded and whose revised prompt is kept.</summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string ImageModel
    {
        get => _imageModel;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _imageModel = value;
        }
    }

    /// <summary>Gets or sets the image size as <c>WIDTHxHEIGHT</c>, such as <c>1024x1024</c> or <c>1536x1024</c>; <see langword="null"/> (the default) lets the model choose.</summary>
    /// <exception cref="ArgumentException">The value is not two positive whole numbers joined by 'x'.</exception>
    public string? ImageSize
    {
        get => _imageSize;
        set
        {
            if (value is not null && !IsSize(value))
            {
                throw new ArgumentException($"'{value}' is not an image size such as 1024x1024.", nameof(value));
            }

            _imageSize = value;
        }
    }

    /// <summary>Gets or sets the image quality: for gpt-image-1 <c>low</c>, <c>medium</c>, <c>high</c>; for dall-e-3 <c>standard</c>, <c>hd</c>. <see langword="null"/> (the default) lets the model choose.</summary>
    public string? ImageQuality { get; set; }

    /// <summary>Gets or sets how long one HTTP request may take before the SDK gives up. Default: <see cref="DefaultNetworkTimeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan NetworkTimeout
    {
        get => _networkTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _networkTimeout = value;
        }
    }

    private static bool IsSize(string value)
    {
        string[] parts = value.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int width) && width > 0
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int height) && height > 0;
    }
}
