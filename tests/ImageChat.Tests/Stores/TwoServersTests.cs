using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ImageChat.Tests.Stores;

/// <summary>Two service providers, standing for two servers behind a load balancer, sharing one real Redis.</summary>
public sealed class TwoServersTests : IAsyncLifetime, IDisposable
{
    private readonly string _prefix = TestRedis.UniquePrefix();
    private readonly TempDirectory _images = new();

    public Task InitializeAsync() => TestRedis.ConnectionAsync();

    public async Task DisposeAsync() => await (await TestRedis.ConnectionAsync()).GetDatabase().KeyDeleteAsync(_prefix + "shared");

    public void Dispose() => _images.Dispose();

    /// <summary>A server: its own container and client, the shared Redis and image folder, and a model that echoes what it was sent.</summary>
    private ServiceProvider Server(string name, TestChatClient? model = null)
    {
        ServiceCollection services = new();
        services.AddImageChat()
            .UseChatClient(model ?? TestChatClient.Echo(name))
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .UseRedisConversationStore(o =>
            {
                o.Configuration = TestRedis.Configuration;
                o.KeyPrefix = _prefix;
            });
        return services.BuildServiceProvider();
    }

    private static IImageChatClient Client(ServiceProvider server) => server.GetRequiredService<IImageChatClient>();

    [Fact]
    public async Task Two_servers_alternate_turns_of_one_conversation_and_each_sends_the_whole_history()
    {
        await using ServiceProvider a = Server("A");
        await using ServiceProvider b = Server("B");
        IImageChatConversation onA = await Client(a).ResumeConversationAsync(new ConversationOptions { Id = "shared" });
        IImageChatConversation onB = await Client(b).ResumeConversationAsync(new ConversationOptions { Id = "shared" });

        ChatTurnResult first = await onA.SendAsync("one");
        ChatTurnResult second = await onB.SendAsync("two");
        ChatTurnResult third = await onA.SendAsync("three"); // A's object caught up with B's turn before sending.
        ChatTurnResult fourth = await onB.SendAsync("four");

        Assert.Equal("A saw: one", first.Text);
        Assert.Equal("B saw: one | two", second.Text);
        Assert.Equal("A saw: one | two | three", third.Text);
        Assert.Equal("B saw: one | two | three | four", fourth.Text);

        await using ServiceProvider restarted = Server("C");
        IImageChatConversation resumed = (await Client(restarted).GetConversationAsync("shared"))!;
        Assert.Equal(
            ["one", "A saw: one", "two", "B saw: one | two", "three", "A saw: one | two | three", "four", "B saw: one | two | three | four"],
            resumed.History.Skip(1).Select(m => m.Text));
        Assert.Equal(4 * 20, resumed.Usage.Chat.InputTokens); // Four replies of the echo model, 20 prompt tokens each.
    }

    [Fact]
    public async Task Of_two_concurrent_turns_on_one_conversation_one_commits_and_the_other_gets_the_conflict_and_loses_nothing()
    {
        TaskCompletionSource aSending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource aMayAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ServiceProvider a = Server("A", TestChatClient.Echo("A", aSending, aMayAnswer.Task));
        await using ServiceProvider b = Server("B");
        IImageChatConversation onA = await Client(a).ResumeConversationAsync(new ConversationOptions { Id = "shared" });
        IImageChatConversation onB = await Client(b).ResumeConversationAsync(new ConversationOptions { Id = "shared" });
        await onB.SendAsync("start");

        Task<ChatTurnResult> turnOnA = onA.SendAsync("from A");
        await aSending.Task; // A has read version 1 and is waiting for its model.
        ChatTurnResult turnOnB = await onB.SendAsync("from B");
        aMayAnswer.SetResult();
        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(() => turnOnA);

        Assert.Equal(("shared", 1L, 2L), (conflict.ConversationId, conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal("B saw: start | from B", turnOnB.Text);
        Assert.Equal(["start", "B saw: start"], onA.History.Skip(1).Select(m => m.Text)); // A rolled back: as before its turn.

        // Nothing lost: the stored history is B's, whole; A's retry runs on it.
        ChatTurnResult retried = await onA.SendAsync("from A");
        Assert.Equal("A saw: start | from B | from A", retried.Text);
        await using ServiceProvider restarted = Server("C");
        IImageChatConversation stored = (await Client(restarted).GetConversationAsync("shared"))!;
        Assert.Equal(
            [ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant],
            stored.History.Select(m => m.Role));
        Assert.Equal(["start", "B saw: start", "from B", "B saw: start | from B", "from A", "A saw: start | from B | from A"], stored.History.Skip(1).Select(m => m.Text));
    }

    [Fact]
    public async Task A_redis_key_that_cannot_be_read_fails_the_turn_and_changes_nothing()
    {
        await using ServiceProvider a = Server("A");
        IImageChatConversation onA = await Client(a).ResumeConversationAsync(new ConversationOptions { Id = "shared" });
        await onA.SendAsync("kept");
        await using ServiceProvider broken = Server("B");
        IImageChatConversation onBroken = await Client(broken).ResumeConversationAsync(new ConversationOptions { Id = "shared" });
        // Something else overwrote the key with a string: every hash command on it fails with WRONGTYPE.
        await (await TestRedis.ConnectionAsync()).GetDatabase().StringSetAsync(_prefix + "shared", "not a conversation");

        ImageChatException failure = await Assert.ThrowsAsync<ImageChatException>(() => onBroken.SendAsync("lost"));

        Assert.StartsWith("The turn failed: WRONGTYPE", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["kept", "A saw: kept"], onBroken.History.Skip(1).Select(m => m.Text));
        Assert.IsType<StackExchange.Redis.RedisServerException>(failure.InnerException);
        Assert.Equal("not a conversation", (string?)await (await TestRedis.ConnectionAsync()).GetDatabase().StringGetAsync(_prefix + "shared"));
    }

    [Fact]
    public async Task A_conversation_another_server_deleted_starts_over_on_the_server_still_holding_it()
    {
        await using ServiceProvider a = Server("A");
        await using ServiceProvider b = Server("B");
        IImageChatConversation onA = await Client(a).ResumeConversationAsync(new ConversationOptions { Id = "shared" });
        await onA.SendAsync("one");
        await onA.SendAsync("two");

        Assert.True(await b.GetRequiredService<IConversationStore>().DeleteAsync("shared")); // The user deleted it, on B.
        ChatTurnResult turn = await onA.SendAsync("three");

        Assert.Equal("A saw: three", turn.Text);
        Assert.Equal(["three", "A saw: three"], onA.History.Skip(1).Select(m => m.Text));
        ConversationState stored = (await b.GetRequiredService<IConversationStore>().LoadAsync("shared"))!;
        Assert.Equal((1L, 2), (stored.Version, stored.Messages.Count));
    }
}
