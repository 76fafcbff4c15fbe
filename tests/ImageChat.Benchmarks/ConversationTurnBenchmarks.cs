using BenchmarkDotNet.Attributes;
using ImageChat;
using Microsoft.Extensions.AI;

namespace ImageChat.Benchmarks;

/// <summary>
/// The engine's own cost per turn, with the model and the image store in memory: the function-invocation loop,
/// call tracking, resilience pipelines and the atomic commit, for a picture turn (two model calls, one image) and a
/// follow-up turn (one call); with and without the call log (written to <see cref="TextWriter.Null"/>, so that only
/// formatting is measured).
/// </summary>
[Config(typeof(ShortRunConfig))]
public class ConversationTurnBenchmarks
{
    private static readonly ReadOnlyMemory<byte> Png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
    private IImageChatClient _client = null!;

    [Params(false, true)]
    public bool CallLog { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(new ScriptedChatClient())
            .UseImageGenerator(new InMemoryImageGenerator())
            .UseImageStore(new DiscardingImageStore());
        _client = (CallLog ? builder.UseCallLog(TextWriter.Null) : builder).Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark]
    public Task<ChatTurnResult> PictureTurn() => _client.StartConversation().SendAsync("create the image of a worm");

    [Benchmark]
    public Task<ChatTurnResult> FollowUpTurn() => _client.StartConversation().SendAsync("what is the picture?");

    /// <summary>Calls the image tool for a picture request, then answers; answers anything else at once.</summary>
    private sealed class ScriptedChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            ChatMessage last = messages.Last();
            ChatMessage reply = last.Role == ChatRole.User && last.Text.StartsWith("create", StringComparison.Ordinal)
                ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", ImageChatDefaults.ImageToolName, new Dictionary<string, object?> { ["description"] = "A worm" })])
                : new ChatMessage(ChatRole.Assistant, "Here it is.");
            return Task.FromResult(new ChatResponse(reply) { Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20 } });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class InMemoryImageGenerator : ITextToImageGenerator
    {
        public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new TextToImageResult(Png, "image/png"));
    }

    private sealed class DiscardingImageStore : IImageStore
    {
        public Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default) =>
            Task.FromResult(new StoredImage("a59b3623", "generated_a59b3623.png", "memory://generated_a59b3623.png"));

        public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);

        public Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
