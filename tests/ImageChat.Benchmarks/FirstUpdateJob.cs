using System.Diagnostics;
using System.Globalization;
using OpenAI.Chat;

namespace ImageChat.Benchmarks;

/// <summary>
/// Time to the first piece of reply text of a streamed answer, read to its end each time (no abandoned turns): through
/// the OpenAI SDK's own stream and through ImageChat's <see cref="IImageChatConversation.SendStreamingAsync"/>, same
/// loopback server, alternating, after a warmup. Reports the median and the 90th percentile of each and their difference.
/// Not a BenchmarkDotNet benchmark: the figure is a point inside an operation, not the operation's length.
/// </summary>
internal static class FirstUpdateJob
{
    private const string Question = "what is the picture?";

    public static async Task<int> RunAsync(string[] args)
    {
        int runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        using ServerProcess server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        using ImageFolder folder = new();
        ChatClient sdk = Contenders.CreateOpenAIClient(server.Endpoint).GetChatClient(Contenders.ChatModel);
        using IImageChatClient imageChat = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = Contenders.ApiKey;
                o.Endpoint = server.Endpoint;
            })
            .UseImageDirectory(folder.Path)
            .Build();

        List<double> sdkTimes = [], imageChatTimes = [];
        for (int i = -30; i < runs; i++)
        {
            double sdkTime = await SdkFirstTextAsync(sdk);
            double imageChatTime = await ImageChatFirstTextAsync(imageChat);
            if (i >= 0)
            {
                sdkTimes.Add(sdkTime);
                imageChatTimes.Add(imageChatTime);
            }
        }

        Console.WriteLine($"Time to first reply text over {runs} streamed answers each (median / 90th percentile), {Environment.ProcessorCount} cores:");
        Console.WriteLine();
        Console.WriteLine("| Stream | Median | P90 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Row("OpenAI SDK stream", sdkTimes));
        Console.WriteLine(Row("ImageChat SendStreamingAsync", imageChatTimes));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ImageChat after the SDK | {Percentile(imageChatTimes, 0.5) - Percentile(sdkTimes, 0.5):N3} ms | |"));
        return 0;
    }

    private static async Task<double> SdkFirstTextAsync(ChatClient sdk)
    {
        long started = Stopwatch.GetTimestamp();
        double? first = null;
        await foreach (StreamingChatCompletionUpdate update in sdk.CompleteChatStreamingAsync([new SystemChatMessage(ImageChatDefaults.SystemPrompt), new UserChatMessage(Question)]))
        {
            if (first is null && update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text.Length > 0)
            {
                first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException("The stream had no text.");
    }

    private static async Task<double> ImageChatFirstTextAsync(IImageChatClient client)
    {
        long started = Stopwatch.GetTimestamp();
        double? first = null;
        await foreach (TurnUpdate update in client.StartConversation().SendStreamingAsync(Question))
        {
            if (first is null && update is TextDelta { Text.Length: > 0 })
            {
                first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException("The stream had no text.");
    }

    private static string Row(string name, List<double> times) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(times, 0.5):N3} ms | {Percentile(times, 0.9):N3} ms |");

    private static double Percentile(List<double> times, double p)
    {
        double[] sorted = [.. times.Order()];
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
    }
}
