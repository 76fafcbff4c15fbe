using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The README's C# examples, compiled with the tests so that they cannot rot; <see cref="ReadmeTests"/> checks that the
/// README still shows exactly this code. The bodies below are the README's blocks, verbatim.
/// </summary>
internal static class ReadmeExamples
{
    public static async Task BuilderQuickStartAsync()
    {
        using IImageChatClient client = new ImageChatBuilder()
            .UseOpenAI(openAI => openAI.ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            .UseImageDirectory("generated-images")
            .Build();

        IImageChatConversation conversation = client.StartConversation();
        ChatTurnResult turn = await conversation.SendAsync("create the image of a worm");
        Console.WriteLine(turn.Text);
        foreach (ConversationImage image in turn.Images)
        {
            Console.WriteLine($"Saved {image.FileName} at {image.Location}");
        }

        turn = await conversation.SendAsync("what is the picture?");
        Console.WriteLine($"{turn.Text} ({conversation.Usage.Chat})");
    }

    public static async Task EditsAndVisionAsync()
    {
        using IImageChatClient client = new ImageChatBuilder()
            .UseOpenAI(openAI => openAI.ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            .UseImageVision(ImageVisionMode.CurrentImage)   // or ImageChat:Vision:Mode = CurrentImage
            .Build();

        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("paint now a wolf in the moon");
        ChatTurnResult edit = await conversation.SendAsync("make it now an elephant");
        ConversationImage elephant = edit.Images[0];
        Console.WriteLine($"{elephant.FileName} was edited from {elephant.ParentFileName}");

        ChatTurnResult look = await conversation.SendAsync("is the moon full in this picture?"); // the model sees the elephant
        Console.WriteLine($"{look.Text} ({look.Usage.Chat})");
    }

    public static void CallLog(ImageChatBuilder builder)
    {
        builder.UseCallLog("call-logs")      // call-logs/<conversation id>.md
               .UseCallLog(Console.Out);     // or your own ICallLogSink with AddCallLogSink(...)
    }

    public static void OpenTelemetry(IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(ImageChatTelemetry.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(ImageChatTelemetry.MeterName));
    }

    public static async Task DependencyInjectionQuickStartAsync(
        IServiceCollection services, IConfiguration configuration, IImageChatClient imageChat, CancellationToken cancellationToken)
    {
        services.AddImageChat(configuration.GetSection("ImageChat"))
            .UseOpenAI(configuration.GetSection("ImageChat:OpenAI"));

        // Later, in any service that takes an IImageChatClient:
        IImageChatConversation conversation = imageChat.StartConversation(new ConversationOptions { SystemPrompt = "You draw in watercolour." });
        ChatTurnResult turn = await conversation.SendAsync("paint a wolf in the moon", cancellationToken);
    }

    public static async Task ConversationsAcrossServersAsync(
        IServiceCollection services, IConfiguration configuration, IImageChatClient imageChat, string conversationId, CancellationToken cancellationToken)
    {
        services.AddImageChat(configuration.GetSection("ImageChat"))   // ImageChat:ConversationStore:Redis = "redis:6379"
            .UseOpenAI(configuration.GetSection("ImageChat:OpenAI"))
            .UseRedisConversationStore(redis => redis.SlidingExpiration = TimeSpan.FromDays(7));

        // In each request, on whichever server it lands:
        IImageChatConversation conversation = await imageChat.ResumeConversationAsync(new ConversationOptions { Id = conversationId }, cancellationToken);
        try
        {
            ChatTurnResult turn = await conversation.SendAsync("make it now an elephant", cancellationToken);
        }
        catch (ConversationConcurrencyException)
        {
            // Another request on this conversation committed first; nothing was lost. Show the user its reply and let them send again.
        }
    }

    public static void InMemoryStoreExpiration(ImageChatBuilder builder)
    {
        builder.UseConversationStore(sp => new InMemoryConversationStore(sp.GetRequiredService<TimeProvider>())
        {
            SlidingExpiration = TimeSpan.FromHours(2), // Each load and save starts it again.
        });
    }

    public static void PictureOptions()
    {
        using IImageChatClient client = new ImageChatBuilder()
            .UseOpenAI(openAI => openAI.ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
            .Configure(options => options.ImageToolParameters = ImageToolParameters.All)   // or Size | Background
            .Build();
    }

    public static void MicrosoftExtensionsAIImageGenerator(ImageChatBuilder builder, global::OpenAI.OpenAIClient openAIClient)
    {
#pragma warning disable MEAI001 // Microsoft.Extensions.AI's image generation is experimental.
        IImageGenerator images = openAIClient.GetImageClient("gpt-image-1").AsIImageGenerator();
        builder.UseImageGenerator(images);
#pragma warning restore MEAI001
    }

    public static async Task StreamingAsync(IImageChatConversation conversation, CancellationToken cancellationToken)
    {
        await foreach (TurnUpdate update in conversation.SendStreamingAsync("create the image of a worm", cancellationToken))
        {
            switch (update)
            {
                case TextDelta text:
                    Console.Write(text.Text);
                    break;
                case ImageGenerationStarted started:
                    Console.WriteLine($"[drawing {started.Description}]");
                    break;
                case ImagePreview preview:
                    Console.WriteLine($"[preview {preview.Index + 1}: {preview.Data.Length} bytes]");
                    break;
                case ImageSaved saved:
                    Console.WriteLine($"[saved {saved.Image.Location}]");
                    break;
                case TurnCompleted completed:
                    Console.WriteLine($"\n({completed.Result.Usage.Chat})");
                    break;
            }
        }
    }
}
