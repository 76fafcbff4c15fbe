using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.Engine;

/// <summary>
/// The rendering choices with any provider: the generator declares its values, the tools offer what is opted in, and the
/// request the generator gets spells each choice as the generator declared it.
/// </summary>
public sealed class ImageToolParametersTests : IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public void The_choices_bind_from_configuration_as_a_list()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageChat:ImageToolParameters"] = "Size, Background",
        }).Build();
        ServiceCollection services = new();
        services.AddImageChat(configuration.GetSection("ImageChat"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(ImageToolParameters.Size | ImageToolParameters.Background, provider.GetRequiredService<IOptions<ImageChatOptions>>().Value.ImageToolParameters);
    }

    [Fact]
    public async Task A_providers_own_values_are_offered_and_reach_it_spelled_as_it_declared_them()
    {
        DeclaringGenerator generator = new(new ImageGenerationCapabilities { Sizes = ["512x512", "768x512"], MediaTypes = [ImageMediaType.Png, ImageMediaType.Gif] });
        Dictionary<string, object?> arguments = new() { ["description"] = "A fox.", ["size"] = " 768X512 ", ["output_format"] = "GIF" };
        ServiceCollection services = new();
        services.AddImageChat()
            .UseChatClient(TestChatClient.Scripted(
                _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_fox", ImageChatDefaults.ImageToolName, arguments)])),
                _ => TestChatClient.Reply("Here is the fox.")))
            .UseImageGenerator(generator)
            .UseImageDirectory(_images.Path)
            .Configure(o => o.ImageToolParameters = ImageToolParameters.All);
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChatTurnResult turn = await provider.GetRequiredService<IImageChatClient>().StartConversation().SendAsync("a fox, 768 by 512, as a gif");

        TextToImageRequest request = Assert.Single(generator.Requests);
        Assert.Equal(new TextToImageRequest("A fox.") { Size = "768x512", MediaType = ImageMediaType.Gif }, request);
        Assert.EndsWith(".gif", Assert.Single(turn.Images).FileName, StringComparison.Ordinal);
        AIFunction tool = provider.GetRequiredService<IToolRegistry>().Tools.OfType<AIFunction>().Single(t => t.Name == ImageChatDefaults.ImageToolName);
        Assert.Equal(["description", "size", "output_format"], tool.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>A generator that declares what it accepts and keeps the requests it gets; it makes GIFs when asked, PNGs otherwise.</summary>
    private sealed class DeclaringGenerator(ImageGenerationCapabilities capabilities) : ITextToImageGenerator
    {
        public List<TextToImageRequest> Requests { get; } = [];

        public ImageGenerationCapabilities Capabilities => capabilities;

        public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(request.MediaType == ImageMediaType.Gif
                ? new TextToImageResult("GIF89a\u0001\u0000"u8.ToArray(), ImageMediaType.Gif)
                : new TextToImageResult(TestImageGenerator.PngBytes, ImageMediaType.Png));
        }
    }
}
