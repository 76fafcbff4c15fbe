using Microsoft.Extensions.AI;
using Polly.Telemetry;

namespace ImageChat;

/// <summary>
/// Polly's telemetry for ImageChat's pipelines, kept quiet and free of conversation text: Polly would otherwise log
/// every attempt at Information with its result (the model's reply, an image's revised prompt).
/// </summary>
internal static class ResilienceTelemetry
{
    /// <summary>Makes the pipelines' telemetry options from the app's own (its enrichers and listeners are kept).</summary>
    public static TelemetryOptions Create(TelemetryOptions? appOptions, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory) =>
        new(appOptions ?? new TelemetryOptions())
        {
            LoggerFactory = loggerFactory,
            ResultFormatter = static (_, result) => Describe(result),
            SeverityProvider = static args => Severity(args.Event),
        };

    /// <summary>
    /// What a log record may say of a result: its kind, never its contents. Polly asks for it on every attempt, logged or
    /// not, so the usual chat results are constants.
    /// </summary>
    private static string? Describe(object? result) => result switch
    {
        null => null,
        ChatResponse { FinishReason: null } => "ChatResponse (finish reason: none)",
        ChatResponse { FinishReason: { Value: "stop" } } => "ChatResponse (finish reason: stop)",
        ChatResponse { FinishReason: { Value: "tool_calls" } } => "ChatResponse (finish reason: tool_calls)",
        ChatResponse response => $"ChatResponse (finish reason: {response.FinishReason.Value.Value})",
        TextToImageResult { MediaType: ImageMediaType.Png } => "image (image/png)",
        TextToImageResult { MediaType: ImageMediaType.Jpeg } => "image (image/jpeg)",
        TextToImageResult { MediaType: ImageMediaType.WebP } => "image (image/webp)",
        TextToImageResult image => $"image ({image.MediaType})",
        _ => result.GetType().Name,
    };

    /// <summary>
    /// One record per failure: a retry is a Warning (OnRetry), a broken circuit an Error; attempts, timeouts that lead to a
    /// retry or to the turn's failure, and the pipeline's start and end are Debug, since the retry or the turn says it.
    /// </summary>
    private static ResilienceEventSeverity Severity(ResilienceEvent resilienceEvent) => resilienceEvent.EventName switch
    {
        "OnRetry" => ResilienceEventSeverity.Warning,
        "OnCircuitOpened" => ResilienceEventSeverity.Error,
        "OnCircuitClosed" or "OnCircuitHalfOpened" => ResilienceEventSeverity.Information,
        _ => ResilienceEventSeverity.Debug,
    };
}
