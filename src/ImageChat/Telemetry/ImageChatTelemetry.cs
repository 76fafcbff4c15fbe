namespace ImageChat;

/// <summary>
/// The names under which ImageChat reports traces and metrics. Subscribe with OpenTelemetry:
/// <c>.WithTracing(t =&gt; t.AddSource(ImageChatTelemetry.SourceName))</c> and
/// <c>.WithMetrics(m =&gt; m.AddMeter(ImageChatTelemetry.MeterName))</c>.
/// </summary>
/// <remarks>
/// Chat calls and tool executions follow the OpenTelemetry semantic conventions for generative AI (spans
/// <c>chat {model}</c> and <c>execute_tool {tool}</c>, metrics <c>gen_ai.client.token.usage</c> and
/// <c>gen_ai.client.operation.duration</c>, and for streamed calls <c>gen_ai.client.operation.time_to_first_chunk</c>), reported through Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>
/// under the same source and meter names. Message contents are left out unless
/// <see cref="ImageChatTelemetryOptions.EnableSensitiveData"/> is set.
/// </remarks>
public static class ImageChatTelemetry
{
    /// <summary>The name of ImageChat's <see cref="System.Diagnostics.ActivitySource"/>: <c>ImageChat</c>.</summary>
    public const string SourceName = "ImageChat";

    /// <summary>The name of ImageChat's <see cref="System.Diagnostics.Metrics.Meter"/>: <c>ImageChat</c>.</summary>
    public const string MeterName = "ImageChat";

    /// <summary>The span of one conversation turn, parent of its chat calls and tool executions: <c>invoke_agent ImageChat</c>.</summary>
    public const string TurnActivityName = "invoke_agent ImageChat";

    /// <summary>The span of one image generation, the image model call and saving the file included: <c>generate_image</c>.</summary>
    public const string ImageActivityName = "generate_image";

    /// <summary>Counter of images generated and saved, tagged with <c>gen_ai.response.model</c> when the provider names it: <c>image_chat.images.generated</c>.</summary>
    public const string ImagesGeneratedMetric = "image_chat.images.generated";

    /// <summary>Histogram of the image model's tokens per image, tagged <c>gen_ai.token.type</c> = <c>input</c> or <c>output</c>: <c>image_chat.image.token.usage</c>.</summary>
    public const string ImageTokenUsageMetric = "image_chat.image.token.usage";

    /// <summary>Histogram of turn durations in seconds, tagged <c>error.type</c> when the turn failed: <c>image_chat.turn.duration</c>.</summary>
    public const string TurnDurationMetric = "image_chat.turn.duration";

    /// <summary>
    /// Histogram of the seconds from the start of a streamed turn to its first update (the first reply text, or the
    /// first tool call), what its user waits before seeing anything: <c>image_chat.turn.time_to_first_update</c>.
    /// </summary>
    public const string TurnTimeToFirstUpdateMetric = "image_chat.turn.time_to_first_update";
}
