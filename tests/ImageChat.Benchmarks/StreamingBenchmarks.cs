using BenchmarkDotNet.Attributes;
using OpenAI.Chat;

namespace ImageChat.Benchmarks;

/// <summary>
/// A streamed answer ("what is the picture?") read up to its first piece of text and then abandoned, through ImageChat's
/// <see cref="IImageChatConversation.SendStreamingAsync"/> and through the OpenAI SDK's own stream (the baseline), same
/// server: for ImageChat this includes rolling the abandoned turn back. <see cref="FirstUpdateJob"/> measures the time to
/// the first text alone, with every stream read to its end.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class StreamingBenchmarks
{
    private const string Question = "what is the picture?";
    private ServerProcess _server = null!;
    private ImageFolder _folder = null!;
    private ChatClient _sdk = null!;
    private IImageChatClient _imageChat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = ServerProcess.Start(new ServerOptions(ImageSize.Small, TimeSpan.Zero));
        _folder = new ImageFolder();
        _sdk = Contenders.CreateOpenAIClient(_server.Endpoint).GetChatClient(Contenders.ChatModel);
        _imageChat = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = Contenders.ApiKey;
                o.Endpoint = _server.Endpoint;
            })
            .UseImageDirectory(_folder.Path)
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _imageChat.Dispose();
        _folder.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "OpenAI SDK stream: first text, abandon")]
    public async Task<string> OpenAISdkStream()
    {
        await foreach (StreamingChatCompletionUpdate update in _sdk.CompleteChatStreamingAsync([new SystemChatMessage(ImageChatDefaults.SystemPrompt), new UserChatMessage(Question)]))
        {
            if (update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text is { Length: > 0 } text)
            {
                return text;
            }
        }

        throw new InvalidOperationException("The stream had no text.");
    }

    [Benchmark(Description = "ImageChat stream: first text, abandon")]
    public async Task<string> ImageChatStream()
    {
        await foreach (TurnUpdate update in _imageChat.StartConversation().SendStreamingAsync(Question))
        {
            if (update is TextDelta { Text.Length: > 0 } delta)
            {
                return delta.Text;
            }
        }

        throw new InvalidOperationException("The stream had no text.");
    }
}
