using Microsoft.Extensions.AI;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// The engine alone: an ImageChat client over a test chat client and a <see cref="TestImageGenerator"/>, saving its
/// images into a temporary folder that goes with the harness.
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    /// <summary>Gets the image generator every client of this harness uses.</summary>
    public TestImageGenerator Generator { get; } = new();

    /// <summary>Gets the folder the images are saved in.</summary>
    public TempDirectory Images { get; } = new();

    /// <summary>Makes a builder over <paramref name="chat"/>, the generator and the folder, for a test to add to.</summary>
    public ImageChatBuilder Builder(IChatClient chat, Action<ImageChatOptions>? configure = null)
    {
        ImageChatBuilder builder = new(configure);
        builder.UseChatClient(chat).UseImageGenerator(Generator).UseImageDirectory(Images.Path);
        return builder;
    }

    /// <summary>Builds a client over <paramref name="chat"/>, the generator and the folder.</summary>
    public IImageChatClient Build(IChatClient chat, Action<ImageChatOptions>? configure = null) => Builder(chat, configure).Build();

    public void Dispose() => Images.Dispose();
}
