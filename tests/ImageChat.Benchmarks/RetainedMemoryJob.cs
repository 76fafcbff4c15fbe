using System.Globalization;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Benchmarks;

/// <summary>
/// Retained managed memory of live conversations: runs N reference conversations (4 turns, 3 images each) against the
/// loopback server and keeps them all alive; then lets them go (and deletes ImageChat's from its conversation store). What
/// they retain is the managed heap after a full compacting GC with them alive minus the same without them, so that caches the run warmed up (pooled buffers of
/// the HTTP and JSON stacks, which grow with the image size) are not counted as the conversations'.
/// Run once with small and once with real-size (1024×1024, ~1.5 MB) PNGs: the per-conversation figure must not change.
/// Not a BenchmarkDotNet benchmark: BenchmarkDotNet measures time and allocations, not what stays alive.
/// </summary>
internal static class RetainedMemoryJob
{
    public static async Task<int> RunAsync(string[] args)
    {
        int conversations = 10_000;
        int concurrency = 8;
        List<ImageSize> sizes = [ImageSize.Small, ImageSize.Real];
        if (!JobArguments.TryApply(
            args,
            "--conversations N, --concurrency N, --image-size Small|Real",
            ("--conversations", v => conversations = int.Parse(v, CultureInfo.InvariantCulture)),
            ("--concurrency", v => concurrency = int.Parse(v, CultureInfo.InvariantCulture)),
            ("--image-size", v => sizes = [Enum.Parse<ImageSize>(v, ignoreCase: true)])))
        {
            return 2;
        }

        Console.WriteLine($"Retained managed memory of {conversations:N0} live reference conversations (4 turns, 3 images each), {concurrency} running at a time, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}.");
        Console.WriteLine("An image turn's own cost is measured as the difference between the whole conversation and its first two turns (a");
        Console.WriteLine("picture and a question about it), divided by the two picture turns that follow.");
        Console.WriteLine();
        Console.WriteLine("| Contender | PNG | Retained per conversation | Per image turn (whole ÷ 3) | An image turn adds | 10,000 conversations | Heap growth of the run | Time |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        string[] firstTwoTurns = SeedLog.UserMessages[..2];
        foreach (ImageSize size in sizes)
        {
            using ServerProcess server = ServerProcess.Start(new ServerOptions(size, TimeSpan.Zero));
            // The default store, made here so that letting a conversation go also deletes it from the store: what the store
            // keeps of a conversation counts as the conversation's.
            InMemoryConversationStore store = new();
            using (ImageChatContender imageChat = new(server.Endpoint, Path.GetTempPath(), b => b.UseImageStore(new DiscardingImageStore()).UseConversationStore(store)))
            {
                async Task ForgetAsync(IImageChatConversation[] live)
                {
                    foreach (IImageChatConversation conversation in live)
                    {
                        await store.DeleteAsync(conversation.Id);
                    }
                }

                Measured prefix = await MeasureAsync(conversations, concurrency, ct => imageChat.RunAsync(firstTwoTurns, ct), ForgetAsync);
                Measured whole = await MeasureAsync(conversations, concurrency, ct => imageChat.RunAsync(SeedLog.UserMessages, ct), ForgetAsync);
                Report("ImageChat (default in-memory store)", size, prefix, whole);
            }

            using ImageFolder discard = new(discard: true);
            using MeaiLoopContender meai = new(server.Endpoint, discard);
            {
                Measured prefix = await MeasureAsync(conversations, concurrency, ct => meai.RunAsync(firstTwoTurns, ct), _ => Task.CompletedTask);
                Measured whole = await MeasureAsync(conversations, concurrency, ct => meai.RunAsync(SeedLog.UserMessages, ct), _ => Task.CompletedTask);
                Report("MEAI loop, hand-kept history", size, prefix, whole);
            }
        }

        return 0;
    }

    private static void Report(string name, ImageSize size, Measured prefix, Measured whole)
    {
        double perImageTurn = (whole.PerConversation - prefix.PerConversation) / 2;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {size} | {whole.PerConversation / 1024:N1} KB | {whole.PerConversation / 3 / 1024:N1} KB | {perImageTurn / 1024:N2} KB | {whole.PerConversation * 10_000 / (1024 * 1024):N0} MB | {whole.HeapGrowth / (1024.0 * 1024):N0} MB | {whole.Took.TotalSeconds:N0} s |"));
    }

    private static async Task<Measured> MeasureAsync<T>(int count, int concurrency, Func<CancellationToken, Task<T>> run, Func<T[], Task> forget)
        where T : class
    {
        for (int i = 0; i < 20; i++)
        {
            await run(CancellationToken.None); // Warm up: JIT, connection pool, caches.
        }

        long before = HeapAfterFullCollection();
        DateTime started = DateTime.UtcNow;
        T[] live = new T[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) => live[i] = await run(ct));
        TimeSpan took = DateTime.UtcNow - started;
        long alive = HeapAfterFullCollection();
        await forget(live);
        Array.Clear(live);
        long released = HeapAfterFullCollection();
        return new Measured((alive - released) / (double)count, alive - before, took);
    }

    /// <summary>What N live conversations kept: per conversation, the heap's growth over the run, and how long the run took.</summary>
    private readonly record struct Measured(double PerConversation, long HeapGrowth, TimeSpan Took);

    private static long HeapAfterFullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
