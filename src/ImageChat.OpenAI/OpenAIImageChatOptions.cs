using System.ComponentModel.DataAnnotations;

namespace ImageChat;

/// <summary>
/// Options of the OpenAI provider. Bindable from the <c>ImageChat:OpenAI</c> configuration section; validated, with each setting's configuration key, when the client is built.
/// </summary>
public sealed class OpenAIImageChatOptions
{
    /// <summary>The configuration section <c>UseOpenAI(configuration)</c> binds below <c>ImageChat</c>: <c>OpenAI</c>.</summary>
    public const string ConfigurationSectionName = "OpenAI";

    /// <summary>
    /// The name of the <see cref="HttpClient"/> the provider asks <c>IHttpClientFactory</c> for, when the app's services have
    /// one (<c>services.AddHttpClient("ImageChat.OpenAI").AddHttpMessageHandler(…)</c>): <c>ImageChat.OpenAI</c>.
    /// </summary>
    public const string HttpClientName = "ImageChat.OpenAI";

    /// <summary>The default of <see cref="ChatModel"/>: <c>gpt-4o-mini</c>.</summary>
    public const string DefaultChatModel = "gpt-4o-mini";

    /// <summary>The default of <see cref="ImageModel"/>: <c>gpt-image-1</c>.</summary>
    public const string DefaultImageModel = "gpt-image-1";

    /// <summary>
    /// The default of <see cref="NetworkTimeout"/>: 10 minutes, the image pipeline's default total timeout. It is only a safety
    /// net: ImageChat's attempt timeouts (100 seconds for chat, 5 minutes for images) are shorter and decide first.
    /// </summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the API key. Required; never logged or put into an exception message.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the endpoint of any OpenAI-compatible server (Azure OpenAI, Ollama, LM Studio, vLLM), such as
    /// <c>http://127.0.0.1:5000/v1</c>. Default: <see langword="null"/>, OpenAI's own.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the chat model. Default: <see cref="DefaultChatModel"/>.</summary>
    [Required]
    public string ChatModel { get; set; } = DefaultChatModel;

    /// <summary>Gets or sets the image model: <c>gpt-image-1</c> (the default) or <c>dall-e-3</c>, whose URL results are downloaded and whose revised prompt is kept.</summary>
    [Required]
    public string ImageModel { get; set; } = DefaultImageModel;

    /// <summary>
    /// Gets or sets the default image size as <c>WIDTHxHEIGHT</c> or <c>auto</c>: for gpt-image-1 <c>1024x1024</c>,
    /// <c>1536x1024</c>, <c>1024x1536</c>, <c>auto</c>; for dall-e-3 <c>1024x1024</c>, <c>1792x1024</c>, <c>1024x1792</c>;
    /// for dall-e-2 <c>256x256</c>, <c>512x512</c>, <c>1024x1024</c>. <see langword="null"/> (the default) lets the model
    /// choose. A size the chat model picks (<c>ImageChatOptions.ImageToolParameters</c>) takes precedence.
    /// </summary>
    [RegularExpression("^(auto|[1-9][0-9]*[xX][1-9][0-9]*)$")]
    public string? ImageSize { get; set; }

    /// <summary>
    /// Gets or sets the default image quality: for gpt-image-1 <c>low</c>, <c>medium</c>, <c>high</c>, <c>auto</c>; for
    /// dall-e-3 <c>standard</c>, <c>hd</c>. <see langword="null"/> (the default) lets the model choose.
    /// </summary>
    public string? ImageQuality { get; set; }

    /// <summary>
    /// Gets or sets the default file format, gpt-image-1 only: <c>png</c>, <c>jpeg</c> or <c>webp</c>; the saved file's
    /// extension follows it. <see langword="null"/> (the default) is the model's own, PNG.
    /// </summary>
    public string? ImageOutputFormat { get; set; }

    /// <summary>
    /// Gets or sets the default background, gpt-image-1 only: <c>transparent</c> (with <c>png</c> or <c>webp</c>),
    /// <c>opaque</c> or <c>auto</c>. <see langword="null"/> (the default) lets the model choose.
    /// </summary>
    public string? ImageBackground { get; set; }

    /// <summary>
    /// Gets or sets how many partial renderings gpt-image-1 streams while it makes an image of a streamed turn
    /// (<c>SendStreamingAsync</c>), each handed to the reader as an <c>ImagePreview</c>: 0 to 3. Each costs about 100
    /// output tokens more. Default: 0, no preview, the same request as a turn that is not streamed.
    /// </summary>
    [Range(0, 3)]
    public int PartialImages { get; set; }

    /// <summary>Gets or sets how long one HTTP request may take before the SDK gives up. Default: <see cref="DefaultNetworkTimeout"/>.</summary>
    [TimeSpanRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan NetworkTimeout { get; set; } = DefaultNetworkTimeout;
}
