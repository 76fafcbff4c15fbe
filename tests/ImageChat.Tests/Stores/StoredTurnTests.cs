using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Stores;

/// <summary>How a turn commits to the conversation store, streamed or not, with a store whose saves can be made to fail.</summary>
public sealed class StoredTurnTests : IDisposable
{
    private readonly TempDirectory _images = new();
    private readonly FlakyStore _store = new();

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(IChatClient chat) =>
        new ImageChatBuilder()
            .UseChatClient(chat)
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .UseConversationStore(_store)
            .Build();

    [Fact]
    public async Task A_failed_save_fails_the_turn_and_leaves_memory_and_store_as_before()
    {
        using IImageChatClient client = Build(TestChatClient.Scripted(
            _ => TestChatClient.Reply("first"),
            _ => TestChatClient.ToolCall("call_1", "A worm"),
            _ => TestChatClient.Reply("Here is the worm."),
            _ => TestChatClient.Reply("again")));
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "flaky" });
        await conversation.SendAsync("hello");
        _store.FailSaves = new IOException("disk full");

        ImageChatException failure = await Assert.ThrowsAsync<ImageChatException>(() => conversation.SendAsync("draw a worm"));

        Assert.Equal("The turn completed, but conversation 'flaky' could not be saved to its store (disk full); the conversation is as before the turn.", failure.Message);
        Assert.Same(_store.FailSaves, failure.InnerException);
        Assert.Equal("A worm", Assert.Single(failure.ImagesSavedBeforeFailure).Description);
        Assert.Equal(["hello", "first"], conversation.History.Skip(1).Select(m => m.Text));
        Assert.Empty(conversation.Images);
        Assert.Equal(1, (await _store.LoadAsync("flaky"))!.Version);

        _store.FailSaves = null;
        ChatTurnResult next = await conversation.SendAsync("still there?");
        Assert.Equal("again", next.Text);
        Assert.Equal(["hello", "first", "still there?", "again"], (await _store.LoadAsync("flaky"))!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_streamed_turn_that_loses_the_race_ends_in_the_conflict_and_commits_nothing()
    {
        using IImageChatClient client = Build(TestChatClient.Scripted(_ => TestChatClient.Reply("streamed")));
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "raced" });
        _store.BeforeSave = () => _store.Inner.SaveAsync(ConversationStoreContractTests.State("raced", 1, "another server's turn"));

        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(async () =>
        {
            await foreach (TurnUpdate update in conversation.SendStreamingAsync("hello"))
            {
                Assert.IsNotType<TurnCompleted>(update);
            }
        });

        Assert.Equal((0L, 1L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Single(conversation.History); // The system prompt only.
        Assert.Equal(["another server's turn"], (await _store.LoadAsync("raced"))!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Resuming_an_unknown_id_starts_that_conversation_and_a_known_one_brings_its_history()
    {
        using IImageChatClient client = Build(TestChatClient.Scripted(_ => TestChatClient.Reply("hi")));
        await _store.Inner.SaveAsync(ConversationStoreContractTests.State("known", 1, "earlier"));
        await _store.Inner.SaveAsync(ConversationStoreContractTests.State("known", 2, "earlier", "turns"));

        IImageChatConversation fresh = await client.ResumeConversationAsync(new ConversationOptions { Id = "fresh", SystemPrompt = "Be brief." });
        IImageChatConversation known = await client.ResumeConversationAsync(new ConversationOptions { Id = "known" });

        Assert.Equal(["Be brief."], fresh.History.Select(m => m.Text));
        Assert.Equal([ImageChatDefaults.SystemPrompt, "earlier", "turns"], known.History.Select(m => m.Text));
        Assert.Equal(new TokenUsage(20, 5), known.Usage.Chat);
        Assert.Same(known, await client.ResumeConversationAsync(new ConversationOptions { Id = "known" }));
        Assert.Same(known, await client.GetConversationAsync("known"));
        ArgumentException noId = await Assert.ThrowsAsync<ArgumentException>(() => client.ResumeConversationAsync(new ConversationOptions()));
        Assert.StartsWith("Resuming needs the conversation's id (ConversationOptions.Id).", noId.Message, StringComparison.Ordinal);
    }

    /// <summary>An in-memory store whose saves can be made to fail, or to find that another server saved first.</summary>
    private sealed class FlakyStore : IConversationStore
    {
        public InMemoryConversationStore Inner { get; } = new();

        public Exception? FailSaves { get; set; }

        public Func<Task>? BeforeSave { get; set; }

        public Task<ConversationState?> LoadAsync(string id, CancellationToken cancellationToken = default) => Inner.LoadAsync(id, cancellationToken);

        public async Task SaveAsync(ConversationState state, CancellationToken cancellationToken = default)
        {
            if (FailSaves is not null)
            {
                throw FailSaves;
            }

            if (BeforeSave is { } before)
            {
                BeforeSave = null;
                await before();
            }

            await Inner.SaveAsync(state, cancellationToken);
        }

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Inner.DeleteAsync(id, cancellationToken);
    }
}
