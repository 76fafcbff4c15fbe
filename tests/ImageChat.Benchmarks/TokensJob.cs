using System.Globalization;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ImageChat.Benchmarks;

/// <summary>
/// Prompt tokens of the reference conversation, counted with ImageChat's tokenizer (o200k_base, the gpt-4o family's):
/// the seven requests as ImageChat sends them with its defaults, and with the compact image tool result, counted with
/// the seed's one tool (to compare with the 2,784 its API reported) and with every tool ImageChat sends. Counts, not
/// times: a job of its own rather than a BenchmarkDotNet benchmark. Also a 40-turn conversation with and without
/// <see cref="ImageChatOptions.MaxPromptTokens"/>: the budget keeps each request flat where the whole history grows.
/// </summary>
internal static class TokensJob
{
    public static async Task<int> RunAsync()
    {
        using ServerProcess server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        using ImageFolder folder = new();
        (int standard, int standardAsSent) = await CountAsync(server.Endpoint, folder.Path, static _ => { });
        (int compact, int compactAsSent) = await CountAsync(server.Endpoint, folder.Path, static o => o.ImageToolResultFormatter = ImageChatOptions.FormatCompactImageToolResult);
        Console.WriteLine("Prompt tokens of the reference conversation's 7 chat requests (ImageChat's o200k_base count; the seed's API reported 2,784).");
        Console.WriteLine("With the seed's tool: the messages and generate_image, as the seed sent them. As sent: with edit_image as well.");
        Console.WriteLine();
        Console.WriteLine("| Mode | With the seed's tool | Ratio | As sent | Ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Default | {standard:N0} | 1.00 | {standardAsSent:N0} | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Compact tool results (ImageToolResultFormatter = FormatCompactImageToolResult) | {compact:N0} | {compact / (double)standard:N2} | {compactAsSent:N0} | {compactAsSent / (double)standardAsSent:N2} |"));

        int[] whole = await CountLongConversationAsync(folder.Path, maxPromptTokens: null);
        int[] budgeted = await CountLongConversationAsync(folder.Path, LongConversationBudget);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Prompt tokens of a {LongConversationTurns}-turn picture conversation (one picture per turn, 2 requests per turn), per request and in all:"));
        Console.WriteLine();
        Console.WriteLine("| Turn | Whole history | MaxPromptTokens = 4,000 |");
        Console.WriteLine("|---:|---:|---:|");
        foreach (int turn in (int[])[1, 10, 20, 30, 40])
        {
            // The turn's second request (after the tool result) is its largest.
            int request = (2 * turn) - 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {turn} | {whole[request]:N0} | {budgeted[request]:N0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all {whole.Length} requests | {whole.Sum():N0} | {budgeted.Sum():N0} |"));
        return 0;
    }

    private const int LongConversationTurns = 40;
    private const int LongConversationBudget = 4_000;

    /// <summary>
    /// The prompt tokens of each request of a long picture conversation: each turn asks for a new picture, which the
    /// model draws and presents. Without a budget every request resends the whole history, so the total grows with the
    /// square of the turns; with one, each request stays under it.
    /// </summary>
    private static async Task<int[]> CountLongConversationAsync(string images, int? maxPromptTokens)
    {
        List<int> tokens = [];
        TestChatClient model = new()
        {
            GetResponseAsyncCallback = (messages, options, _) =>
            {
                ChatMessage[] request = [.. messages];
                tokens.Add(PromptTokenCounter.Count(request, options));
                ChatMessage last = request[^1];
                return Task.FromResult(last.Role == ChatRole.Tool
                    ? TestChatClient.Reply($"Here it is: {last.Contents.OfType<FunctionResultContent>().Single().Result}")
                    : TestChatClient.ToolCall($"call_{tokens.Count}", $"{last.Text}: a lighthouse on a rocky coast at dusk. Waves crash against the rocks, gulls circle the lamp, and warm light spills over the wet stones while storm clouds gather far out at sea."));
            },
        };

        using IImageChatClient client = new ImageChatBuilder(o => o.MaxPromptTokens = maxPromptTokens)
            .UseChatClient(model)
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(images)
            .Build();
        IImageChatConversation conversation = client.StartConversation();
        for (int turn = 1; turn <= LongConversationTurns; turn++)
        {
            await conversation.SendAsync(string.Create(CultureInfo.InvariantCulture, $"Picture {turn}"));
        }

        return [.. tokens];
    }

    private static async Task<(int SeedTool, int AsSent)> CountAsync(Uri endpoint, string images, Action<ImageChatOptions> configure)
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
        ChatOptions seedTool = new() { Tools = [.. tools.Tools!.Where(static tool => tool.Name == ImageChatDefaults.ImageToolName)] };

        IImageChatConversation conversation = client.StartConversation();
        int withSeedTool = 0, asSent = 0;
        foreach (string message in SeedLog.UserMessages)
        {
            ChatTurnResult turn = await conversation.SendAsync(message);
            withSeedTool += turn.Calls.Sum(call => PromptTokenCounter.Count(call.RequestMessages, seedTool));
            asSent += turn.Calls.Sum(call => PromptTokenCounter.Count(call.RequestMessages, tools));
        }

        return (withSeedTool, asSent);
    }
}
