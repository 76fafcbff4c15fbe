namespace ImageChat;

/// <summary>
/// A request for one image.
/// </summary>
/// <param name="Prompt">The description of the image, as the chat model wrote it.</param>
public sealed record TextToImageRequest(string Prompt);
