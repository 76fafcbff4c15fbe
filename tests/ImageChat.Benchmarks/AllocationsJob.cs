using System.Diagnostics.Tracing;
using System.Globalization;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Benchmarks;

/// <summary>
/// Where the reference conversation's allocations go: runs it N times through the MEAI loop and through ImageChat, one
/// conversation at a time (with <c>--contender no-resilience</c>, ImageChat without its resilience pipelines; with <c>--contender abandon</c>, ImageChat's streamed turn read up to its first text and abandoned), and reports the exact bytes allocated per conversation and, from the runtime's allocation
/// sampling (an event about every 100 KB allocated, naming the type of the object that crossed the mark), the types
/// that take the most of it. The sampled shares are estimates; the bytes per conversation are exact.
/// Not a BenchmarkDotNet benchmark: it says what the bytes are, not how many (the reference benchmark does that).
/// </summary>
internal static class AllocationsJob
{
    public static async Task<int> RunAsync(string[] args)
    {
        int conversations = 1000;
        string contenders = "both";
        if (!JobArguments.TryApply(
            args,
            "--conversations N, --contender meai|imagechat|both|no-resilience|abandon",
            ("--conversations", v => conversations = int.Parse(v, CultureInfo.InvariantCulture)),
            ("--contender", v => contenders = v.ToLowerInvariant())))
        {
            return 2;
        }

        using ServerProcess server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        using ImageFolder folder = new(discard: true);
        using MeaiLoopContender meai = new(server.Endpoint, folder);
        using ImageChatContender imageChat = new(server.Endpoint, folder.Path, b => b.UseImageStore(new DiscardingImageStore()));

        if (contenders is "both" or "meai")
        {
            await MeasureAsync("MEAI loop, hand-kept history", conversations, () => meai.RunAsync(SeedLog.UserMessages));
        }

        if (contenders is "both" or "imagechat")
        {
            await MeasureAsync("ImageChat", conversations, () => imageChat.RunToEndAsync(SeedLog.UserMessages));
        }

        if (contenders is "no-resilience")
        {
            using ImageChatContender bare = new(server.Endpoint, folder.Path, b => b
                .UseImageStore(new DiscardingImageStore())
                .ConfigureResilience(ImageChatContender.ResilienceOff));
            await MeasureAsync("ImageChat, resilience off", conversations, () => bare.RunToEndAsync(SeedLog.UserMessages));
        }

        if (contenders is "abandon")
        {
            await MeasureAsync("ImageChat stream: first text, abandon", conversations, () => imageChat.FirstTextThenAbandonAsync("what is the picture?"));
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, int count, Func<Task> run)
    {
        for (int i = 0; i < 20; i++)
        {
            await run(); // Warm up: JIT, connection pool, caches.
        }

        using AllocationSampler sampler = new();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < count; i++)
        {
            await run();
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## {name}: {allocated / (double)count / 1024:N1} KB per conversation ({count:N0} conversations)"));
        Console.WriteLine();
        Console.WriteLine("| Type (sampled) | Share | Per conversation |");
        Console.WriteLine("|---|---:|---:|");
        foreach ((string type, long bytes) in sampler.Top(int.MaxValue))
        {
            double share = bytes / (double)sampler.Total;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {share:P1} | {share * allocated / count / 1024:N2} KB |"));
        }

        Console.WriteLine();
    }

    /// <summary>Listens to the runtime's <c>GCAllocationTick</c> events and adds up the bytes each names, by type.</summary>
    private sealed class AllocationSampler : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();

        public long Total { get; private set; }

        public IEnumerable<(string Type, long Bytes)> Top(int count)
        {
            lock (_gate)
            {
                return [.. _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value))];
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName != "GCAllocationTick_V4" || eventData.Payload is not { } payload)
            {
                return;
            }

            int typeIndex = eventData.PayloadNames!.IndexOf("TypeName");
            int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
            string type = Shorten(payload[typeIndex] as string ?? "?");
            long amount = Convert.ToInt64(payload[amountIndex], CultureInfo.InvariantCulture);
            lock (_gate)
            {
                _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
                Total += amount;
            }
        }

        /// <summary>Keeps a generic type's own arguments and drops theirs: Polly's state machines nest a dozen levels deep.</summary>
        private static string Shorten(string type)
        {
            System.Text.StringBuilder shortened = new(type.Length);
            int depth = 0;
            foreach (char c in type)
            {
                depth += c == '[' ? 1 : 0;
                if (depth <= 1)
                {
                    shortened.Append(c);
                }
                else if (c == '[' && depth == 2)
                {
                    shortened.Append("[…]");
                }

                depth -= c == ']' ? 1 : 0;
            }

            return shortened.ToString();
        }
    }
}
