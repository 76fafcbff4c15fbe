using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Stores;

/// <summary>
/// The seed conversation over real HTTP, run once uninterrupted and once with the client thrown away after every turn
/// (a restarted process, or another server) and the conversation resumed from the store: the requests must be the same bytes.
/// </summary>
public sealed class ConversationRestoreTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private readonly TempDirectory _folder = new();
    private readonly string _redisPrefix = TestRedis.UniquePrefix();
    private FakeOpenAIServer _uninterrupted = null!;
    private FakeOpenAIServer _restored = null!;
    private bool _usedRedis;

    public async Task InitializeAsync()
    {
        _uninterrupted = (await FakeOpenAIServer.StartAsync()).EnqueueSeed(Png);
        _restored = (await FakeOpenAIServer.StartAsync()).EnqueueSeed(Png);
    }

    public async Task DisposeAsync()
    {
        if (_usedRedis)
        {
            await (await TestRedis.ConnectionAsync()).GetDatabase().KeyDeleteAsync(_redisPrefix + "seed");
        }

        await _uninterrupted.DisposeAsync();
        await _restored.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    private IImageChatClient Build(FakeOpenAIServer server, IImageStore images, string store)
    {
        ImageChatBuilder builder = new();
        builder.UseOpenAI(o =>
            {
                o.ApiKey = "sk-test-key-never-sent-anywhere";
                o.Endpoint = server.Endpoint;
            })
            .UseImageStore(images);
        return store switch
        {
            "folder" => builder.UseConversationDirectory(Path.Combine(_folder.Path, "conversations")).Build(),
            "redis" => builder.UseRedisConversationStore(o =>
            {
                o.Configuration = TestRedis.Configuration;
                o.KeyPrefix = _redisPrefix;
            }).Build(),
            _ => builder.Build(),
        };
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("redis")]
    public async Task A_conversation_resumed_after_every_turn_sends_byte_identical_requests(string store)
    {
        if (store == "redis")
        {
            await TestRedis.ConnectionAsync();
            _usedRedis = true;
        }

        using (IImageChatClient client = Build(_uninterrupted, new SequentialImageStore(Path.Combine(_folder.Path, "a")), "memory"))
        {
            IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "seed" });
            foreach (string message in SeedLog.UserMessages)
            {
                await conversation.SendAsync(message);
            }
        }

        SequentialImageStore images = new(Path.Combine(_folder.Path, "b"));
        foreach (string message in SeedLog.UserMessages)
        {
            using IImageChatClient client = Build(_restored, images, store); // A new process for every turn.
            IImageChatConversation conversation = await client.ResumeConversationAsync(new ConversationOptions { Id = "seed" });
            await conversation.SendAsync(message);
        }

        Assert.Equal(7, _restored.ChatRequests.Count);
        Assert.Equal(_uninterrupted.ChatRequests.Select(r => r.Body), _restored.ChatRequests.Select(r => r.Body));
        Assert.Equal(
            WireMessages.Canonical(SeedLog.Calls[^1].Messages),
            WireMessages.Canonical(_restored.ChatRequests[^1].Json.GetProperty("messages")).Replace("image_1.png", "generated_XXXXXXXX.png", StringComparison.Ordinal).Replace("image_2.png", "generated_XXXXXXXX.png", StringComparison.Ordinal).Replace("image_3.png", "generated_XXXXXXXX.png", StringComparison.Ordinal));

        using IImageChatClient last = Build(_restored, images, store);
        IImageChatConversation stored = (await last.GetConversationAsync("seed"))!;
        Assert.Equal(3, stored.Images.Count);
        Assert.Equal(new TokenUsage(2784, 380), stored.Usage.Chat);
        Assert.Equal(7, stored.Usage.ModelCallCount);
        Assert.Null(await last.GetConversationAsync("never-started"));
    }
}
