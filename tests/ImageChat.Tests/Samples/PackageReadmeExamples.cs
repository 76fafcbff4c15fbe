using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The C# examples of the packages' own READMEs (src/&lt;package&gt;/README.md, shown on nuget.org), compiled with the
/// tests; <see cref="ReadmeTests"/> checks that each README still shows exactly this code.
/// </summary>
internal static class PackageReadmeExamples
{
    public static async Task OpenAIAsync(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddImageChat(builder.Configuration.GetSection("ImageChat"))
            .UseOpenAI(builder.Configuration.GetSection("ImageChat:OpenAI"));
        using IHost host = builder.Build();

        IImageChatConversation conversation = host.Services.GetRequiredService<IImageChatClient>().StartConversation();
        ChatTurnResult turn = await conversation.SendAsync("create the image of a worm");
        Console.WriteLine($"{turn.Text} {turn.Images[0].Location}");
        Console.WriteLine((await conversation.SendAsync("what is the picture?")).Text);
    }

    public static void Redis(HostApplicationBuilder builder)
    {
        builder.Services.AddImageChat(builder.Configuration.GetSection("ImageChat"))
            .UseOpenAI(builder.Configuration.GetSection("ImageChat:OpenAI"))
            .UseRedisConversationStore(options =>
            {
                options.Configuration = "localhost:6379";
                options.SlidingExpiration = TimeSpan.FromDays(7);
            });
    }

    public static async Task EngineAsync(IChatClient chatModel, ITextToImageGenerator painter)
    {
        using IImageChatClient client = new ImageChatBuilder()
            .UseChatClient(chatModel)
            .UseImageGenerator(painter)
            .UseImageDirectory("generated-images")
            .Build();

        IImageChatConversation conversation = client.StartConversation();
        ChatTurnResult turn = await conversation.SendAsync("create the image of a worm");
        Console.WriteLine($"{turn.Text} {turn.Images[0].Location}");
        turn = await conversation.SendAsync("make it now an elephant");
    }
}

public sealed class FixedImageGenerator(byte[] png) : ITextToImageGenerator
{
    public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new TextToImageResult(png, "image/png") { RevisedPrompt = request.Prompt });
    }
}
