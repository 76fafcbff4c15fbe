using System.Globalization;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ImageChat.Benchmarks;

/// <summary>
/// Prompt tokens of the reference conversation, counted with ImageChat's tokenizer (o200k_base, the gpt-4o family's):
/// the seven requests as ImageChat sends them with its defaults, and with the compact image tool result. Counts, not
/// times: a job of its own rather than a BenchmarkDotNet benchmark.
/// </summary>
internal static class TokensJob
{
    public static async Task<int> RunAsync()
    {
        using ServerProcess server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        using ImageFolder folder = new();
        int standard = await CountAsync(server.Endpoint, folder.Path, static _ => { });
        int compact = await CountAsync(server.Endpoint, folder.Path, static o => o.ImageToolResultFormatter = ImageChatOptions.FormatCompactImageToolResult);
        Console.WriteLine("Prompt tokens of the reference conversation's 7 chat requests (ImageChat's o200k_base count; the seed's API reported 2,784):");
        Console.WriteLine();
        Console.WriteLine("| Mode | Prompt tokens | Ratio |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Default | {standard:N0} | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Compact tool results (ImageToolResultFormatter = FormatCompactImageToolResult) | {compact:N0} | {compact / (double)standard:N2} |"));
        return 0;
    }

    private static async Task<int> CountAsync(Uri endpoint, string images, Action<ImageChatOptions> configure)
    {
        ImageChatBuilder builder = new ImageChatBuilder(configure)
            .UseOpenAI(o =>
            {
                o.ApiKey = Contenders.ApiKey;
                o.Endpoint = endpoint;
            })
            .UseImageDirectory(images);
        using IImageChatClient client = builder.Build();
        using ServiceProvider services = builder.Services.BuildServiceProvider();
        ChatOptions tools = new() { Tools = [.. services.GetRequiredService<IToolRegistry>().Tools] };

        IImageChatConversation conversation = client.StartConversation();
        int tokens = 0;
        foreach (string message in SeedLog.UserMessages)
        {
            ChatTurnResult turn = await conversation.SendAsync(message);
            tokens += turn.Calls.Sum(call => PromptTokenCounter.Count(call.RequestMessages, tools));
        }

        return tokens;
    }
}
