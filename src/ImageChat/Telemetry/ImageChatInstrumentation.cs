using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// ImageChat's own spans and instruments: the turn, the image generation, images and image tokens, turn durations.
/// The meter comes from the container's <see cref="IMeterFactory"/> when there is one, so that each host's metrics stay apart.
/// </summary>
internal sealed class ImageChatInstrumentation : IDisposable
{
    private const string ErrorType = "error.type";

    private static readonly ActivitySource Source = new(ImageChatTelemetry.SourceName);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _imagesGenerated;
    private readonly Histogram<long> _imageTokens;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _timeToFirstUpdate;

    public ImageChatInstrumentation(IOptions<ImageChatTelemetryOptions> options, IMeterFactory? meterFactory = null)
    {
        EnableSensitiveData = options.Value.EnableSensitiveData;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(ImageChatTelemetry.MeterName) ?? new Meter(ImageChatTelemetry.MeterName);
        _imagesGenerated = _meter.CreateCounter<long>(ImageChatTelemetry.ImagesGeneratedMetric, "{image}", "Images generated and saved.");
        _imageTokens = _meter.CreateHistogram<long>(ImageChatTelemetry.ImageTokenUsageMetric, "{token}", "Tokens the image model used per image.");
        _turnDuration = _meter.CreateHistogram<double>(ImageChatTelemetry.TurnDurationMetric, "s", "Duration of conversation turns.");
        _timeToFirstUpdate = _meter.CreateHistogram<double>(ImageChatTelemetry.TurnTimeToFirstUpdateMetric, "s", "Time from the start of a streamed turn to its first update.");
    }

    public bool EnableSensitiveData { get; }

    public static Activity? StartTurn(string conversationId)
    {
        Activity? activity = Source.StartActivity(ImageChatTelemetry.TurnActivityName, ActivityKind.Internal);
        activity?
            .SetTag("gen_ai.operation.name", "invoke_agent")
            .SetTag("gen_ai.agent.name", "ImageChat")
            .SetTag("gen_ai.conversation.id", conversationId);
        return activity;
    }

    public void TurnCompleted(Activity? activity, UsageSummary usage, TimeSpan duration, TimeSpan? timeToFirstUpdate)
    {
        if (timeToFirstUpdate is { } firstUpdate)
        {
            activity?.SetTag("image_chat.turn.time_to_first_update", firstUpdate.TotalSeconds);
            _timeToFirstUpdate.Record(firstUpdate.TotalSeconds);
        }

        activity?
            .SetTag("gen_ai.usage.input_tokens", usage.Chat.InputTokens)
            .SetTag("gen_ai.usage.output_tokens", usage.Chat.OutputTokens)
            .SetTag("image_chat.images.count", usage.ImageCount)
            .SetTag("image_chat.model_calls.count", usage.ModelCallCount);
        _turnDuration.Record(duration.TotalSeconds);
    }

    public void TurnFailed(Activity? activity, Exception exception, TimeSpan duration)
    {
        string errorType = exception.GetType().FullName!;
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message).SetTag(ErrorType, errorType);
        _turnDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(ErrorType, errorType));
    }

    public Activity? StartImageGeneration(string description, ConversationImage? parent)
    {
        Activity? activity = Source.StartActivity(ImageChatTelemetry.ImageActivityName, ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", parent is null ? "generate_image" : "edit_image");
        activity?.SetTag("image_chat.image.parent_file_name", parent?.FileName);
        if (EnableSensitiveData)
        {
            activity?.SetTag("image_chat.image.description", description);
        }

        return activity;
    }

    public void ImageSaved(Activity? activity, ConversationImage image)
    {
        activity?
            .SetTag("gen_ai.response.model", image.ModelId)
            .SetTag("image_chat.image.file_name", image.FileName)
            .SetTag("image_chat.image.media_type", image.MediaType);
        KeyValuePair<string, object?> model = new("gen_ai.response.model", image.ModelId);
        _imagesGenerated.Add(1, model);
        if (image.Usage is { } usage)
        {
            activity?.SetTag("gen_ai.usage.input_tokens", usage.InputTokens).SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
            _imageTokens.Record(usage.InputTokens, model, new KeyValuePair<string, object?>("gen_ai.token.type", "input"));
            _imageTokens.Record(usage.OutputTokens, model, new KeyValuePair<string, object?>("gen_ai.token.type", "output"));
        }
    }

    public static void ImageFailed(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message).SetTag(ErrorType, exception.GetType().FullName);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
