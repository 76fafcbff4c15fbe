using BenchmarkDotNet.Attributes;

namespace ImageChat.Benchmarks;

/// <summary>
/// One turn in which the model asks for one picture, or for four in the same response, each taking 1 s at the image
/// model (simulated by the loopback server). Run in parallel, four pictures take about as long as one.
/// </summary>
[Config(typeof(SlowRunConfig))]
public class ParallelImagesBenchmarks
{
    private static readonly TimeSpan ImageLatency = TimeSpan.FromSeconds(1);
    private ServerProcess _server = null!;
    private ImageFolder _folder = null!;
    private ImageChatContender _imageChat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerProcess.Start(new ServerOptions(ImageSize.Small, ImageLatency));
        _folder = new ImageFolder();
        _imageChat = new ImageChatContender(_server.Endpoint, _folder.Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _imageChat.Dispose();
        _folder.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "1 image (1 s)")]
    public Task OneImage() => _imageChat.RunToEndAsync(["paint 1 picture"]);

    [Benchmark(Description = "4 images (1 s each)")]
    public Task FourImages() => _imageChat.RunToEndAsync(["paint 4 pictures"]);
}
