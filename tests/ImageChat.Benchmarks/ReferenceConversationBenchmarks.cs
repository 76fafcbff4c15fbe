using BenchmarkDotNet.Attributes;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Benchmarks;

/// <summary>
/// The reference conversation of the seed log (4 user messages, 7 chat calls, 3 images saved as PNG) over loopback HTTP,
/// through ImageChat, through Microsoft.Extensions.AI's function-invocation loop with a hand-kept history, through the
/// OpenAI SDK with a hand loop, and as the recorded request bytes posted as they are (the floor, the baseline).
/// </summary>
[Config(typeof(ShortRunConfig))]
public class ReferenceConversationBenchmarks
{
    private ServerProcess _server = null!;
    private ImageFolder _folder = null!;
    private FloorContender _floor = null!;
    private OpenAISdkLoopContender _sdk = null!;
    private MeaiLoopContender _meai = null!;
    private ImageChatContender _imageChat = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        _folder = new ImageFolder();
        _floor = await FloorContender.RecordAsync(_server.Endpoint, _folder, SeedLog.UserMessages);
        _sdk = new OpenAISdkLoopContender(_server.Endpoint, _folder);
        _meai = new MeaiLoopContender(_server.Endpoint, _folder);
        _imageChat = new ImageChatContender(_server.Endpoint, _folder.Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _imageChat.Dispose();
        _meai.Dispose();
        _floor.Dispose();
        _folder.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Floor: recorded requests")]
    public Task Floor() => _floor.RunAsync();

    [Benchmark(Description = "OpenAI SDK, hand loop")]
    public Task OpenAISdkLoop() => _sdk.RunAsync(SeedLog.UserMessages);

    [Benchmark(Description = "MEAI FunctionInvokingChatClient")]
    public Task MeaiLoop() => _meai.RunAsync(SeedLog.UserMessages);

    [Benchmark(Description = "ImageChat")]
    public Task ImageChat() => _imageChat.RunToEndAsync(SeedLog.UserMessages);
}
