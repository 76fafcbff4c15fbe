using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenAI.Images;
using DataContent = Microsoft.Extensions.AI.DataContent;
using OpenAIGeneratedImage = OpenAI.Images.GeneratedImage;

namespace ImageChat;

/// <summary>
/// The OpenAI image model through the SDK's <c>ImageClient</c>. gpt-image-1 returns the image inline with its token
/// usage; dall-e-3 returns a URL, which is downloaded, and its revised prompt, which is kept. Edits go to
/// <c>/v1/images/edits</c>.
/// </summary>
internal sealed class OpenAITextToImageGenerator : ITextToImageGenerator, IImageEditor
{
    private readonly ImageClient _client;
    private readonly HttpClient _downloads;
    private readonly OpenAIImageChatOptions _options;
    private readonly OpenAIErrorTranslator _errors;

    public OpenAITextToImageGenerator(ImageClient client, HttpClient downloads, OpenAIImageChatOptions options, OpenAIErrorTranslator errors)
    {
        _client = client;
        _downloads = downloads;
        _options = options;
        _errors = errors;
        Capabilities = OpenAIImageModels.For(options.ImageModel);
    }

    /// <summary>Gets what the configured image model accepts, as OpenAI documents it (<see cref="OpenAIImageModels"/>).</summary>
    public ImageGenerationCapabilities Capabilities { get; }

    public async Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Rendering rendering = RenderingOf(request);
#pragma warning disable OPENAI001 // The SDK marks the gpt-image settings (file format, background) experimental; they are the API's documented fields.
        ImageGenerationOptions options = new()
        {
            Size = rendering.Size is { } size ? ParseSize(size) : (GeneratedImageSize?)null,
            Quality = rendering.Quality is { } quality ? new GeneratedImageQuality(quality) : (GeneratedImageQuality?)null,
            OutputFileFormat = rendering.OutputFormat is { } format ? new GeneratedImageFileFormat(format) : (GeneratedImageFileFormat?)null,
            Background = rendering.Background is { } background ? new GeneratedImageBackground(background) : (GeneratedImageBackground?)null,
        };
#pragma warning restore OPENAI001

        GeneratedImageCollection images;
        try
        {
            images = (await _client.GenerateImagesAsync(request.Prompt, 1, options, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Image, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        return await ResultAsync(images, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the image to <c>/v1/images/edits</c> through the SDK's protocol method with a form of our own: the SDK's
    /// convenience method sends the image part without a content type, which gpt-image-1 refuses.
    /// </summary>
    public async Task<TextToImageResult> EditImageAsync(DataContent image, TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        using MultipartFormDataContent form = EditForm(image, request, streamed: false);
        GeneratedImageCollection images;
        try
        {
            using BinaryContent content = BinaryContent.Create(BinaryData.FromBytes(await form.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)));
            ClientResult result = await _client.GenerateImageEditsAsync(
                content,
                form.Headers.ContentType!.ToString(),
                new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
#pragma warning disable OPENAI001 // The SDK's typed reading of a protocol result is marked experimental; it is the AOT-safe way to read the edit's answer.
            images = (GeneratedImageCollection)result;
#pragma warning restore OPENAI001
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Image, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        return await ResultAsync(images, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams previews while gpt-image-1 generates (<see cref="OpenAIImageChatOptions.PartialImages"/> above 0): the
    /// SDK's protocol method sends <c>stream</c> and <c>partial_images</c> and reads the server-sent events. With no
    /// partial images asked for, the image alone, through the same request as <see cref="GenerateImageAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<TextToImageResult> GenerateStreamingImageAsync(TextToImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.PartialImages == 0)
        {
            yield return await GenerateImageAsync(request, cancellationToken).ConfigureAwait(false);
            yield break;
        }

        Rendering rendering = RenderingOf(request);
        ImageStreamRequest body = new(
            request.Prompt, _options.ImageModel, 1, rendering.Size, rendering.Quality, rendering.OutputFormat, rendering.Background, Stream: true, _options.PartialImages);
        using BinaryContent content = BinaryContent.Create(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(body, OpenAIImageJsonContext.Default.ImageStreamRequest)));
#pragma warning disable OPENAI001 // The SDK's streaming protocol method for images is experimental; it is the SDK's only way to stream them.
        await foreach (TextToImageResult result in StreamAsync(options => _client.GenerateImagesStreamingAsync(content, options), cancellationToken).ConfigureAwait(false))
#pragma warning restore OPENAI001
        {
            yield return result;
        }
    }

    /// <summary>Streams previews while gpt-image-1 edits, as <see cref="GenerateStreamingImageAsync"/> does for generations.</summary>
    public async IAsyncEnumerable<TextToImageResult> EditStreamingImageAsync(DataContent image, TextToImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        if (_options.PartialImages == 0)
        {
            yield return await EditImageAsync(image, request, cancellationToken).ConfigureAwait(false);
            yield break;
        }

        using MultipartFormDataContent form = EditForm(image, request, streamed: true);
        using BinaryContent content = BinaryContent.Create(BinaryData.FromBytes(await form.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)));
        string contentType = form.Headers.ContentType!.ToString();
#pragma warning disable OPENAI001 // The SDK's streaming protocol method for edits is experimental; it is the SDK's only way to stream them.
        await foreach (TextToImageResult result in StreamAsync(options => _client.GenerateImageEditsStreamingAsync(content, contentType, options), cancellationToken).ConfigureAwait(false))
#pragma warning restore OPENAI001
        {
            yield return result;
        }
    }

    /// <summary>
    /// The edit's form: the image part typed with its media type (the SDK's convenience method leaves it untyped, which
    /// gpt-image-1 refuses), the prompt, the model and the rendering choices; for a streamed edit, <c>stream</c> and <c>partial_images</c>.
    /// </summary>
    private MultipartFormDataContent EditForm(DataContent image, TextToImageRequest request, bool streamed)
    {
        MultipartFormDataContent form = new();
        ByteArrayContent imagePart = new(image.Data.ToArray());
        imagePart.Headers.ContentType = new MediaTypeHeaderValue(image.MediaType);
        form.Add(imagePart, "image", image.Name ?? "image" + ExtensionOf(image.MediaType));
        form.Add(new StringContent(request.Prompt), "prompt");
        form.Add(new StringContent(_options.ImageModel), "model");
        Rendering rendering = RenderingOf(request);
        foreach ((string name, string? value) in (ReadOnlySpan<(string, string?)>)[
            ("size", rendering.Size),
            ("quality", rendering.Quality),
            ("output_format", rendering.OutputFormat),
            ("background", rendering.Background),
            ("stream", streamed ? "true" : null),
            ("partial_images", streamed ? _options.PartialImages.ToString(CultureInfo.InvariantCulture) : null)])
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }

        return form;
    }

    /// <summary>
    /// Sends a streamed request and reads its events: each partial image as a preview, the completed image (with its
    /// usage) last. An error event ends the image as a <see cref="ModelCallException"/>.
    /// </summary>
    private async IAsyncEnumerable<TextToImageResult> StreamAsync(
        Func<RequestOptions, Task<AsyncStreamingResult<SseItem<BinaryData>>>> send,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AsyncStreamingResult<SseItem<BinaryData>> events;
        try
        {
            events = await send(new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Image, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        await using (((IAsyncDisposable)events).ConfigureAwait(false))
        {
            IAsyncEnumerator<SseItem<BinaryData>> items = ((IAsyncEnumerable<SseItem<BinaryData>>)events).GetAsyncEnumerator(cancellationToken);
            await using (items.ConfigureAwait(false))
            {
                while (await NextEventAsync(items, cancellationToken).ConfigureAwait(false) is { } streamed)
                {
                    if (streamed.Error is not null || streamed.Type == "error")
                    {
                        // The provider's own refusal or failure, sent as an event after a 200: an error answer, never
                        // retried (no status says it was passing trouble), read by its code like an HTTP error's.
                        throw new ModelCallException(
                            ModelOperation.Image,
                            ModelCallFailureKind.HttpError,
                            $"The image model's stream ended with an error{(streamed.Error?.Code is { } code ? $" ({code})" : string.Empty)}: {streamed.Error?.Message ?? "no message"}",
                            null)
                        {
                            ErrorCode = streamed.Error?.Code,
                        };
                    }

                    if (streamed.B64Json is not { } bytes)
                    {
                        continue;
                    }

                    if (streamed.Type?.EndsWith(".partial_image", StringComparison.Ordinal) == true)
                    {
                        yield return new TextToImageResult(bytes, ImageMediaType.Detect(bytes) ?? $"image/{streamed.OutputFormat ?? "png"}")
                        {
                            PartialImageIndex = streamed.PartialImageIndex ?? 0,
                            ModelId = _options.ImageModel,
                        };
                    }
                    else if (streamed.Type?.EndsWith(".completed", StringComparison.Ordinal) == true)
                    {
                        yield return new TextToImageResult(bytes, DetectedMediaType(bytes))
                        {
                            Usage = streamed.Usage is { } usage ? new TokenUsage(usage.InputTokens, usage.OutputTokens) : null,
                            ModelId = _options.ImageModel,
                        };
                        yield break;
                    }
                }
            }
        }

        throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.InvalidResponse, "The image model's stream ended without the finished image.");
    }

    /// <summary>Reads the next event with data; <see langword="null"/> at the end of the stream. What cannot be read is a typed failure.</summary>
    private async Task<ImageStreamEvent?> NextEventAsync(IAsyncEnumerator<SseItem<BinaryData>> items, CancellationToken cancellationToken)
    {
        try
        {
            while (await items.MoveNextAsync().ConfigureAwait(false))
            {
                ReadOnlyMemory<byte> data = items.Current.Data.ToMemory();
                if (!data.Span.Trim((byte)' ').IsEmpty && !data.Span.SequenceEqual("[DONE]"u8))
                {
                    return JsonSerializer.Deserialize(data.Span, OpenAIImageJsonContext.Default.ImageStreamEvent);
                }
            }

            return null;
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Image, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private static string DetectedMediaType(ReadOnlyMemory<byte> bytes) =>
        ImageMediaType.Detect(bytes.Span)
        ?? throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.InvalidResponse, $"The image model answered with {bytes.Length} bytes that are no PNG, JPEG, WebP or GIF image.");

    private async Task<TextToImageResult> ResultAsync(GeneratedImageCollection images, CancellationToken cancellationToken)
    {
        if (images.Count == 0)
        {
            throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.InvalidResponse, "The image model answered with no image.");
        }

        OpenAIGeneratedImage image = images[0];
        ReadOnlyMemory<byte> bytes = image.ImageBytes is { } inline
            ? inline.ToMemory()
            : await DownloadAsync(image.ImageUri, cancellationToken).ConfigureAwait(false);

        // The SDK's own format field is experimental and absent for dall-e: the bytes say what they are.
        return new TextToImageResult(bytes, DetectedMediaType(bytes))
        {
            RevisedPrompt = string.IsNullOrEmpty(image.RevisedPrompt) ? null : image.RevisedPrompt,
#pragma warning disable OPENAI001 // Image usage is still marked experimental in the SDK, but gpt-image-1 reports it and the usage ledger needs it.
            Usage = images.Usage is { } usage ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount) : null,
#pragma warning restore OPENAI001
            ModelId = _options.ImageModel,
        };
    }

    private static string ExtensionOf(string mediaType) => mediaType switch
    {
        ImageMediaType.Jpeg => ".jpg",
        ImageMediaType.WebP => ".webp",
        ImageMediaType.Gif => ".gif",
        _ => ".png",
    };

    /// <summary>What the request chose, else the configured defaults, in the API's words.</summary>
    private Rendering RenderingOf(TextToImageRequest request) => new(
        request.Size ?? _options.ImageSize,
        request.Quality ?? _options.ImageQuality,
        request.MediaType is { } mediaType ? OpenAIImageModels.OutputFormat(mediaType) : _options.ImageOutputFormat,
        request.Background ?? _options.ImageBackground);

    internal static GeneratedImageSize ParseSize(string size)
    {
        if (string.Equals(size, "auto", StringComparison.OrdinalIgnoreCase))
        {
#pragma warning disable OPENAI001 // Experimental in the SDK, but gpt-image-1's documented size.
            return GeneratedImageSize.Auto;
#pragma warning restore OPENAI001
        }

        string[] parts = size.Split('x', 'X');
        return new GeneratedImageSize(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private async Task<ReadOnlyMemory<byte>> DownloadAsync(Uri? uri, CancellationToken cancellationToken)
    {
        if (uri is null)
        {
            throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.InvalidResponse, "The image model answered with neither image bytes nor a URL.");
        }

        try
        {
            // A plain client, not the SDK's pipeline: the URL is a storage host that must not see the API key.
            using HttpResponseMessage response = await _downloads.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentType?.MediaType is { } contentType && !IsImageContentType(contentType))
            {
                throw new ModelCallException(
                    ModelOperation.Image,
                    ModelCallFailureKind.InvalidResponse,
                    $"The generated image's URL answered with content type '{contentType}', not an image.");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status)
        {
            throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.HttpError, $"Downloading the generated image failed with HTTP {(int)status}.", ex) { StatusCode = (int)status };
        }
        catch (Exception ex) when (_errors.Translate(ModelOperation.Image, ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The rendering settings of one request, as the API names their values.</summary>
    private readonly record struct Rendering(string? Size, string? Quality, string? OutputFormat, string? Background);

    /// <summary>Tells whether a download's content type may be an image: one of the formats kept, or bytes of no stated type (the signature decides).</summary>
    private static bool IsImageContentType(string contentType) =>
        contentType.ToLowerInvariant() is ImageMediaType.Png or ImageMediaType.Jpeg or ImageMediaType.WebP or ImageMediaType.Gif or "application/octet-stream";
}
