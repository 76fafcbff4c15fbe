namespace ImageChat;

/// <summary>
/// The body of a streamed <c>/v1/images/generations</c> request: the SDK has no typed streaming call for images, so its
/// protocol method sends this (<see cref="OpenAIImageJsonContext"/>).
/// </summary>
internal sealed record ImageStreamRequest(
    string Prompt,
    string Model,
    int N,
    string? Size,
    string? Quality,
    string? OutputFormat,
    string? Background,
    bool Stream,
    int PartialImages);
