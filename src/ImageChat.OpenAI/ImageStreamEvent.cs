namespace ImageChat;

/// <summary>
/// One server-sent event of a streamed image generation or edit (<c>image_generation.partial_image</c>,
/// <c>image_generation.completed</c>, <c>image_edit.*</c>, <c>error</c>), as much of it as ImageChat reads.
/// </summary>
internal sealed class ImageStreamEvent
{
    public string? Type { get; init; }

    /// <summary>Gets the image's bytes, sent as base64 (<c>b64_json</c>).</summary>
    public byte[]? B64Json { get; init; }

    public int? PartialImageIndex { get; init; }

    /// <summary>Gets the file format of the image, such as <c>png</c>.</summary>
    public string? OutputFormat { get; init; }

    public EventUsage? Usage { get; init; }

    public EventError? Error { get; init; }

    internal sealed class EventUsage
    {
        public long InputTokens { get; init; }

        public long OutputTokens { get; init; }
    }

    internal sealed class EventError
    {
        public string? Code { get; init; }

        public string? Message { get; init; }
    }
}
