using System.Diagnostics;
using System.Globalization;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Benchmarks;

/// <summary>
/// Processor time per reference conversation, ImageChat against the MEAI loop, in alternating blocks: a block of
/// conversations through one, then a block through the other, and so on. Each pair of blocks gives a ratio; the job
/// reports the median ratio and the quartiles. With <c>--contender no-resilience</c>, ImageChat runs without its resilience
/// pipelines, which tells what they cost in processor time. Alternating cancels the drift of a shared machine (other processes, the
/// loopback server's own load, the clock) that moves BenchmarkDotNet's CPU column by a third from run to run.
/// Not a BenchmarkDotNet benchmark: its figure is a ratio of two measurements taken side by side.
/// </summary>
/// <remarks>
/// The processor time is the benchmark process's own (user and kernel, every thread: thread pool, sockets, GC); the server
/// runs in another process. Images are saved to a store that keeps no bytes, as in the allocations job.
/// </remarks>
internal static class CpuJob
{
    public static async Task<int> RunAsync(string[] args)
    {
        int blocks = 40;
        int perBlock = 50;
        string contender = "imagechat";
        if (!JobArguments.TryApply(
            args,
            "--blocks N, --conversations-per-block N, --contender imagechat|no-resilience",
            ("--blocks", v => blocks = int.Parse(v, CultureInfo.InvariantCulture)),
            ("--conversations-per-block", v => perBlock = int.Parse(v, CultureInfo.InvariantCulture)),
            ("--contender", v => contender = v.ToLowerInvariant())))
        {
            return 2;
        }

        if (contender is not ("imagechat" or "no-resilience"))
        {
            Console.Error.WriteLine($"Unknown contender '{contender}' (use imagechat or no-resilience).");
            return 2;
        }

        using ServerProcess server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        using ImageFolder folder = new(discard: true);
        using MeaiLoopContender meai = new(server.Endpoint, folder);
        using ImageChatContender imageChat = new(server.Endpoint, folder.Path, b =>
        {
            b.UseImageStore(new DiscardingImageStore());
            if (contender == "no-resilience")
            {
                b.ConfigureResilience(ImageChatContender.ResilienceOff);
            }
        });

        for (int i = 0; i < 100; i++)
        {
            await meai.RunAsync(SeedLog.UserMessages); // Warm up: JIT (tiered up), connection pool, caches.
            await imageChat.RunToEndAsync(SeedLog.UserMessages);
        }

        List<double> meaiTimes = [], imageChatTimes = [], ratios = [];
        for (int block = 0; block < blocks; block++)
        {
            // Which one goes first alternates too, so that neither always follows the other's garbage.
            Task<double> Meai() => BlockAsync(() => meai.RunAsync(SeedLog.UserMessages), perBlock);
            Task<double> ImageChat() => BlockAsync(() => imageChat.RunToEndAsync(SeedLog.UserMessages), perBlock);
            double meaiTime, imageChatTime;
            if (block % 2 == 0)
            {
                meaiTime = await Meai();
                imageChatTime = await ImageChat();
            }
            else
            {
                imageChatTime = await ImageChat();
                meaiTime = await Meai();
            }

            meaiTimes.Add(meaiTime);
            imageChatTimes.Add(imageChatTime);
            ratios.Add(imageChatTime / meaiTime);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Processor time per reference conversation, {blocks} alternating blocks of {perBlock} conversations each, {Environment.ProcessorCount} cores."));
        Console.WriteLine();
        Console.WriteLine("| Contender | Median | First quartile | Third quartile |");
        Console.WriteLine("|---|---:|---:|---:|");
        Row("MEAI loop, hand-kept history", meaiTimes, "ms");
        Row("ImageChat", imageChatTimes, "ms");
        Row("ImageChat ÷ MEAI loop, block by block", ratios, "×");
        return 0;
    }

    private static async Task<double> BlockAsync(Func<Task> run, int count)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true); // Each block starts clean and pays for its own garbage.
        TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < count; i++)
        {
            await run();
        }

        GC.Collect(0, GCCollectionMode.Forced, blocking: true); // Its young garbage, collected on its own account.
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / count;
    }

    private static void Row(string name, List<double> values, string unit)
    {
        double[] sorted = [.. values.Order()];
        string Format(double value) => unit == "ms"
            ? string.Create(CultureInfo.InvariantCulture, $"{value:N2} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{value:N3}×");
        Console.WriteLine($"| {name} | {Format(Quantile(sorted, 0.5))} | {Format(Quantile(sorted, 0.25))} | {Format(Quantile(sorted, 0.75))} |");
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = (int)Math.Ceiling(position);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}
