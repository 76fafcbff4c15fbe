using BenchmarkDotNet.Attributes;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Benchmarks;

/// <summary>
/// Throughput: 1,000 reference conversations (4 turns, 3 PNGs each) running at once against the loopback server,
/// through ImageChat and through the MEAI loop. One invocation runs all 1,000 and is counted as 1,000 operations, so the
/// mean is wall time per conversation at that concurrency (its inverse is conversations per second) and CPU and
/// allocations are per conversation. The server shares the machine's cores. Small PNGs by default: with real-size ones
/// (add <see cref="ImageSize.Real"/> to the parameters) an invocation moves 6 GB of base64 and takes minutes, the same
/// decoding for every contender.
/// </summary>
[Config(typeof(SlowRunConfig))]
public class ConcurrentConversationsBenchmarks
{
    private const int Conversations = 1_000;
    private ServerProcess _server = null!;
    private ImageFolder _folder = null!;
    private ImageChatContender _imageChat = null!;
    private MeaiLoopContender _meai = null!;

    [Params(ImageSize.Small)]
    public ImageSize Images { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerProcess.Start(new ServerOptions(Images, TimeSpan.Zero));
        _folder = new ImageFolder(discard: true); // 3,000 real-size PNGs per invocation would be 4.5 GB on disk.
        _imageChat = new ImageChatContender(_server.Endpoint, _folder.Path, b => b.UseImageStore(new DiscardingImageStore()));
        _meai = new MeaiLoopContender(_server.Endpoint, _folder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meai.Dispose();
        _imageChat.Dispose();
        _folder.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Conversations, Description = "MEAI loop, 1,000 at once")]
    public Task MeaiLoop() => Task.WhenAll(Enumerable.Range(0, Conversations).Select(_ => Task.Run(() => _meai.RunAsync(SeedLog.UserMessages))));

    [Benchmark(OperationsPerInvoke = Conversations, Description = "ImageChat, 1,000 at once")]
    public Task ImageChat() => Task.WhenAll(Enumerable.Range(0, Conversations).Select(_ => Task.Run(() => _imageChat.RunToEndAsync(SeedLog.UserMessages))));
}
