using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ImageChat;

/// <summary>
/// Makes, saves and records one image for a tool call: what <c>generate_image</c> and <c>edit_image</c> run. Both go
/// through one path (slot, image model through the resilience pipeline, byte check, store, record, progress), so that
/// limits, failures, usage and telemetry are the same whether an image was generated or edited.
/// </summary>
internal sealed class ImageGenerationService
{
    private const int MaxEchoedNameLength = 80;

    private readonly ITextToImageGenerator _generator;
    private readonly IImageEditor? _editor;
    private readonly IImageStore _store;
    private readonly ResiliencePipeline _pipeline;
    private readonly ModelFailureTranslator _failures;
    private readonly ImageChatOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageChatInstrumentation _instrumentation;
    private readonly ILogger _logger;

    public ImageGenerationService(
        ITextToImageGenerator generator,
        IImageStore store,
        ResiliencePipeline pipeline,
        ModelFailureTranslator failures,
        IOptions<ImageChatOptions> options,
        TimeProvider timeProvider,
        ImageChatInstrumentation instrumentation,
        ILogger<ImageGenerationService> logger)
    {
        _instrumentation = instrumentation;
        _generator = generator;
        _editor = generator as IImageEditor;
        _store = store;
        _pipeline = pipeline;
        _failures = failures;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Choices = new ImageRenderingChoices(generator.Capabilities ?? ImageGenerationCapabilities.None, _options.ImageToolParameters);
    }

    /// <summary>Gets the rendering choices the tools offer the model, and their check.</summary>
    public ImageRenderingChoices Choices { get; }

    /// <summary>Generates and saves the image the model described.</summary>
    /// <param name="description">A detailed description of the image to generate.</param>
    /// <param name="size">The size the model chose, when offered (<see cref="ImageRenderingChoices"/>).</param>
    /// <param name="quality">The quality the model chose, when offered.</param>
    /// <param name="output_format">The file format the model chose, when offered.</param>
    /// <param name="background">The background the model chose, when offered.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The tool result the model reads.</returns>
    [SuppressMessage("Style", "IDE1006", Justification = "The parameter's name is the tool parameter the model sees, snake_case as OpenAI's own.")]
    public Task<string> GenerateAsync(
        [Description(ImageChatDefaults.ImageToolParameterDescription)] string description,
        string? size = null,
        string? quality = null,
        string? output_format = null,
        string? background = null,
        CancellationToken cancellationToken = default) =>
        Choices.TryCreate(ImageChatDefaults.ImageToolName, description, size, quality, output_format, background, out string? problem) is { } request
            ? MakeAsync(request, parent: null, cancellationToken)
            : Task.FromResult(problem!);

    /// <summary>
    /// Edits an image of the conversation (the latest unless the model names one) into a new one and saves it with its
    /// parent recorded. A name that is no image of this conversation is reported to the model and never reaches the store.
    /// </summary>
    /// <param name="description">A detailed description of the whole edited image.</param>
    /// <param name="image">The file name of the image to edit; <see langword="null"/> for the latest.</param>
    /// <param name="size">The size the model chose, when offered (<see cref="ImageRenderingChoices"/>).</param>
    /// <param name="quality">The quality the model chose, when offered.</param>
    /// <param name="output_format">The file format the model chose, when offered.</param>
    /// <param name="background">The background the model chose, when offered.</param>
    /// <param name="cancellationToken">Cancels the edit.</param>
    /// <returns>The tool result the model reads.</returns>
    [SuppressMessage("Style", "IDE1006", Justification = "The parameter's name is the tool parameter the model sees, snake_case as OpenAI's own.")]
    public async Task<string> EditAsync(
        [Description(ImageChatDefaults.EditImageDescriptionParameterDescription)] string description,
        [Description(ImageChatDefaults.EditImageSourceParameterDescription)] string? image = null,
        string? size = null,
        string? quality = null,
        string? output_format = null,
        string? background = null,
        CancellationToken cancellationToken = default)
    {
        if (Choices.TryCreate(ImageChatDefaults.EditImageToolName, description, size, quality, output_format, background, out string? problem) is not { } request)
        {
            return problem!;
        }

        IReadOnlyList<ConversationImage> known = ImagesOfConversation(TurnContext.Current);
        ConversationImage? parent = string.IsNullOrWhiteSpace(image)
            ? (known.Count == 0 ? null : known[^1])
            : known.LastOrDefault(i => string.Equals(i.FileName, image.Trim(), StringComparison.Ordinal));
        if (parent is null)
        {
            Log.EditSourceUnknown(_logger, known.Count);
            return known.Count == 0
                ? "Error: there is no image in this conversation to edit yet; use generate_image to make one. No image was generated."
                : $"Error: '{Echo(image!)}' is not an image of this conversation, so nothing was edited. The images you can edit are: " +
                  $"{string.Join(", ", known.Select(i => i.FileName))} (the last is the latest). No image was generated.";
        }

        return await MakeAsync(request, parent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The images the model may name: the conversation's, then those this turn made so far, in call order.</summary>
    private static IReadOnlyList<ConversationImage> ImagesOfConversation(TurnContext? turn) =>
        turn is null ? [] : [.. turn.Conversation.Images, .. turn.Images];

    /// <summary>A name or value the model wrote, cut short to be quoted back to it.</summary>
    internal static string Echo(string name) => name.Length <= MaxEchoedNameLength ? name : string.Concat(name.AsSpan(0, MaxEchoedNameLength), "…");

    /// <summary>The one path of both tools: an edit of <paramref name="parent"/> when there is one and the generator can edit, else a generation.</summary>
    private async Task<string> MakeAsync(TextToImageRequest request, ConversationImage? parent, CancellationToken cancellationToken)
    {
        DataContent? original = null;
        if (parent is not null && _editor is not null)
        {
            original = await ReadAsync(parent, cancellationToken).ConfigureAwait(false);
            if (original is null)
            {
                return $"Error: the image {parent.FileName} could not be read from the image store, so it cannot be edited. Tell the user; generate_image can make a new one. No image was generated.";
            }
        }

        TurnContext? turn = TurnContext.Current;
        if (turn?.TryReserveImage(_options.MaxImagesPerTurn) == false)
        {
            Log.ImageLimitReached(_logger, _options.MaxImagesPerTurn);
            return ImageFailureMessages.LimitReached(_options.MaxImagesPerTurn);
        }

        string description = request.Prompt;
        using Activity? activity = _instrumentation.StartImageGeneration(description, original is null ? null : parent);
        string? callId = FunctionInvokingChatClient.CurrentContext?.CallContent.CallId;
        if (turn is { IsStreaming: true })
        {
            await turn.ReportAsync(
                new ImageGenerationStarted { CallId = callId ?? string.Empty, Description = description, ParentFileName = original is null ? null : parent!.FileName },
                cancellationToken).ConfigureAwait(false);
        }

        TextToImageResult result;
        try
        {
            result = turn is { IsStreaming: true }
                ? await StreamAsync(turn, callId ?? string.Empty, original, request, cancellationToken).ConfigureAwait(false)
                : await _pipeline.ExecuteAsync(
                    _failures,
                    ModelOperation.Image,
                    static (s, t) => s.Original is null ? s.Generator.GenerateImageAsync(s.Request, t) : s.Editor!.EditImageAsync(s.Original, s.Request, t),
                    (Generator: _generator, Editor: _editor, Original: original, Request: request),
                    cancellationToken).ConfigureAwait(false);
            result = Validated(result);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested) // Typed: the attempt's failure, or the pipeline's refusal.
        {
            if (failure is ModelCallException { Kind: ModelCallFailureKind.HttpError or ModelCallFailureKind.ConnectionFailed or ModelCallFailureKind.CircuitOpen })
            {
                turn?.ReleaseImage(); // Refused, or never sent: no image was made or paid for, so the slot is not spent.
            }

            ImageChatInstrumentation.ImageFailed(activity, failure);
            if (_options.ImageFailureHandling == ImageFailureHandling.FailTurn)
            {
                // The turn's failure logs it: one record per failure.
                EndTurn(failure as ImageChatException ?? new ImageChatException($"The image could not be made: {failure.Message}", failure));
            }
            else
            {
                Log.ImageGenerationFailed(_logger, failure);
            }

            return ImageFailureMessages.For(failure);
        }

        StoredImage stored;
        try
        {
            stored = await _store.SaveAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The image was paid for but cannot be kept: the turn must not pretend otherwise.
            ImageChatInstrumentation.ImageFailed(activity, ex);
            EndTurn(new ImageChatException("The generated image could not be saved.", ex));
            return "Error: the image was generated but could not be saved.";
        }

        ConversationImage image = new()
        {
            Id = stored.Id,
            FileName = stored.FileName,
            Location = stored.Location,
            ParentId = original is null ? null : parent!.Id,
            ParentFileName = original is null ? null : parent!.FileName,
            Description = description,
            RevisedPrompt = result.RevisedPrompt,
            MediaType = result.MediaType,
            ToolCallId = callId,
            CreatedAt = _timeProvider.GetUtcNow(),
            Usage = result.Usage,
            ModelId = result.ModelId,
        };
        Log.ImageSaved(_logger, image.FileName, image.Location);
        if (image.ParentFileName is not null)
        {
            Log.ImageEdited(_logger, image.FileName, image.ParentFileName);
        }

        if (image.RevisedPrompt is not null && _logger.IsEnabled(LogLevel.Trace))
        {
            Log.ImageRevisedPrompt(_logger, image.FileName, image.RevisedPrompt);
        }

        _instrumentation.ImageSaved(activity, image);
        if (turn is not null)
        {
            turn.AddImage(image);
            await turn.ReportAsync(new ImageSaved { CallId = callId ?? string.Empty, Image = image }, cancellationToken).ConfigureAwait(false);
        }

        string toolResult = _options.ImageToolResultFormatter(image);
        if (parent is not null && original is null)
        {
            Log.ImageEditFallback(_logger, image.FileName);
            toolResult += $" Note: this image model cannot edit images, so this is a new image made from the description alone, not an edit of {parent.FileName}; tell the user if it matters.";
        }

        return toolResult;
    }

    /// <summary>
    /// Makes the image for a streamed turn, handing each preview the generator streams to the turn's reader as an
    /// <see cref="ImagePreview"/> (bytes for display, never kept) and returning the finished image. A failed attempt is
    /// retried only until the first preview or the image arrives (<see cref="ResilientStream{T}"/>): once the reader has
    /// seen a preview, a new attempt would draw a different picture under it.
    /// </summary>
    private async Task<TextToImageResult> StreamAsync(TurnContext turn, string callId, DataContent? original, TextToImageRequest request, CancellationToken cancellationToken)
    {
        ResilientStream<TextToImageResult> stream = await ResilientStream<TextToImageResult>.StartAsync(
            _pipeline,
            _failures,
            ModelOperation.Image,
            token => original is null ? _generator.GenerateStreamingImageAsync(request, token) : _editor!.EditStreamingImageAsync(original, request, token),
            cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (stream.HasCurrent)
            {
                TextToImageResult item = stream.Current;
                if (item.PartialImageIndex is not { } index)
                {
                    return item;
                }

                // Only bytes that are an image reach the reader, as only they are saved.
                if (ImageMediaType.Detect(item.Data.Span) is { } mediaType)
                {
                    await turn.ReportAsync(new ImagePreview { CallId = callId, Index = index, Data = item.Data, MediaType = mediaType }, cancellationToken).ConfigureAwait(false);
                }

                await stream.MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.InvalidResponse, "The image model's stream ended without the finished image.");
    }

    /// <summary>Reads the parent's bytes from the store; <see langword="null"/> when the store no longer has it or cannot read it.</summary>
    private async Task<DataContent?> ReadAsync(ConversationImage parent, CancellationToken cancellationToken)
    {
        try
        {
            if (await _store.ReadAllBytesAsync(parent.FileName, cancellationToken).ConfigureAwait(false) is not { } bytes)
            {
                Log.EditSourceUnreadable(_logger, parent.FileName, null);
                return null;
            }

            return new DataContent(bytes, parent.MediaType) { Name = parent.FileName };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.EditSourceUnreadable(_logger, parent.FileName, ex);
            return null;
        }
    }

    /// <summary>
    /// Checks that the bytes are an image by their signature and states their real format, whatever the generator claimed,
    /// so that the file's extension follows it. Anything else (an HTML error page, an empty body) is an invalid response.
    /// </summary>
    /// <exception cref="ModelCallException">The bytes are no PNG, JPEG, WebP or GIF image.</exception>
    private static TextToImageResult Validated(TextToImageResult result)
    {
        string mediaType = ImageMediaType.Detect(result.Data.Span)
            ?? throw new ModelCallException(
                ModelOperation.Image,
                ModelCallFailureKind.InvalidResponse,
                $"The image model answered with {result.Data.Length} bytes that are no PNG, JPEG, WebP or GIF image (it called them '{result.MediaType}'); nothing was saved.");
        return mediaType == result.MediaType ? result : result with { MediaType = mediaType };
    }

    private static void EndTurn(Exception failure)
    {
        TurnContext.Current?.Fail(failure);

        if (FunctionInvokingChatClient.CurrentContext is { } context)
        {
            context.Terminate = true;
        }
    }
}
