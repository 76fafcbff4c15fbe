using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ImageChat;

/// <summary>
/// Makes, saves and records one image for a tool call; what the <c>generate_image</c> tool runs.
/// </summary>
internal sealed class ImageGenerationService
{
    private readonly ITextToImageGenerator _generator;
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
        _store = store;
        _pipeline = pipeline;
        _failures = failures;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Generates and saves the image the model described.</summary>
    /// <param name="description">A detailed description of the image to generate.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The tool result the model reads.</returns>
    [Description(ImageChatDefaults.ImageToolParameterDescription)]
    public async Task<string> GenerateAsync(
        [Description(ImageChatDefaults.ImageToolParameterDescription)] string description,
        CancellationToken cancellationToken)
    {
        TurnContext? turn = TurnContext.Current;
        if (turn?.TryReserveImage(_options.MaxImagesPerTurn) == false)
        {
            Log.ImageLimitReached(_logger, _options.MaxImagesPerTurn);
            return ImageFailureMessages.LimitReached(_options.MaxImagesPerTurn);
        }

        using Activity? activity = _instrumentation.StartImageGeneration(description);
        string? callId = FunctionInvokingChatClient.CurrentContext?.CallContent.CallId;
        if (turn is not null)
        {
            await turn.ReportAsync(new ImageGenerationStarted { CallId = callId ?? string.Empty, Description = description }, cancellationToken).ConfigureAwait(false);
        }

        TextToImageResult result;
        try
        {
            result = await _pipeline.ExecuteAsync(
                static (state, ct) => state.Failures.RunAsync(
                    ModelOperation.Image, static (s, t) => s.Generator.GenerateImageAsync(new TextToImageRequest(s.Description), t), state, ct),
                (Generator: _generator, Description: description, Failures: _failures),
                cancellationToken).ConfigureAwait(false);
            result = Validated(result);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Exception failure = ResilienceRejection.Translate(ModelOperation.Image, ex) ?? ex;
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
            Description = description,
            RevisedPrompt = result.RevisedPrompt,
            MediaType = result.MediaType,
            ToolCallId = callId,
            CreatedAt = _timeProvider.GetUtcNow(),
            Usage = result.Usage,
            ModelId = result.ModelId,
        };
        Log.ImageSaved(_logger, image.FileName, image.Location);
        _instrumentation.ImageSaved(activity, image);
        if (turn is not null)
        {
            turn.AddImage(image);
            await turn.ReportAsync(new ImageSaved { CallId = callId ?? string.Empty, Image = image }, cancellationToken).ConfigureAwait(false);
        }

        return _options.ImageToolResultFormatter(image);
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
