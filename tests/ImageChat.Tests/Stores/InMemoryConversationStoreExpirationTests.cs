using System.Runtime.CompilerServices;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ImageChat.Tests.Stores;

/// <summary><see cref="InMemoryConversationStore.SlidingExpiration"/>: what a long-running app sets so that forgotten conversations do not stay in memory.</summary>
public sealed class InMemoryConversationStoreExpirationTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();
    private readonly TempDirectory _images = new();
    private readonly FakeLogCollector _logs = new();
    private readonly InMemoryConversationStore _store;

    public InMemoryConversationStoreExpirationTests() => _store = new InMemoryConversationStore(_time) { SlidingExpiration = Hour };

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task A_conversation_unused_for_its_expiration_is_gone_and_each_load_and_save_starts_the_time_again()
    {
        await _store.SaveAsync(ConversationStoreContractTests.State("c", 1, "hello"));

        _time.Advance(Hour - TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await _store.LoadAsync("c"))!.Version);
        _time.Advance(Hour - TimeSpan.FromSeconds(1));
        await _store.SaveAsync(ConversationStoreContractTests.State("c", 2, "hello", "again"));
        _time.Advance(Hour - TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await _store.LoadAsync("c"))!.Version);
        _time.Advance(Hour);

        Assert.Null(await _store.LoadAsync("c"));
        Assert.False(await _store.DeleteAsync("c"));
        await _store.SaveAsync(ConversationStoreContractTests.State("c", 1, "a new start")); // Its id is free again.
        Assert.Equal("a new start", (await _store.LoadAsync("c"))!.Messages[0].Text);
    }

    [Fact]
    public async Task Deleting_an_expired_conversation_finds_nothing_to_delete()
    {
        await _store.SaveAsync(ConversationStoreContractTests.State("kept", 1, "hello"));
        await _store.SaveAsync(ConversationStoreContractTests.State("expired", 1, "hello"));
        _time.Advance(TimeSpan.FromMinutes(30));
        await _store.LoadAsync("kept");
        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.True(await _store.DeleteAsync("kept"));
        Assert.False(await _store.DeleteAsync("expired"));
    }

    [Fact]
    public async Task Without_an_expiration_conversations_are_kept_until_deleted()
    {
        InMemoryConversationStore store = new(_time);
        await store.SaveAsync(ConversationStoreContractTests.State("c", 1, "hello"));

        _time.Advance(TimeSpan.FromDays(3650));

        Assert.Null(store.SlidingExpiration);
        Assert.Equal("hello", (await store.LoadAsync("c"))!.Messages[0].Text);
        Assert.True(await store.DeleteAsync("c"));
    }

    [Fact]
    public async Task The_memory_of_an_expired_conversation_is_let_go_by_the_next_call_of_the_store()
    {
        WeakReference committed = SaveCommitted(_store, "forgotten");
        Collect();
        Assert.True(committed.IsAlive); // The store holds it, and nothing else does.

        _time.Advance(Hour);
        await _store.SaveAsync(ConversationStoreContractTests.State("another", 1, "hello")); // Any call, for any conversation.
        Collect();

        Assert.False(committed.IsAlive);
    }

    [Fact]
    public async Task A_conversation_held_past_its_expiration_starts_over_at_its_next_turn_and_logs_it()
    {
        using IImageChatClient client = Client(TestChatClient.Echo("A"));
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "idle", SystemPrompt = "Be brief." });
        await conversation.SendAsync("hello");
        await conversation.SendAsync("and again");

        _time.Advance(Hour);
        ChatTurnResult turn = await conversation.SendAsync("still there?");

        Assert.Equal("A saw: still there?", turn.Text); // The model was sent nothing of the forgotten turns.
        Assert.Equal(["Be brief.", "still there?", "A saw: still there?"], conversation.History.Select(m => m.Text));
        Assert.Equal(1, conversation.Usage.ModelCallCount);
        Assert.Equal(1, (await _store.LoadAsync("idle"))!.Version);
        FakeLogRecord record = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 1007);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("Conversation idle is no longer in its store (version 2 was deleted or expired); it starts over with an empty history.", record.Message);
    }

    [Fact]
    public async Task A_turn_whose_conversation_expires_while_it_runs_fails_with_the_conflict_and_the_next_turn_starts_over()
    {
        TaskCompletionSource sending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource mayAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource? gate = null;
        TestChatClient echo = TestChatClient.Echo("A");
        using IImageChatClient client = Client(new TestChatClient
        {
            GetResponseAsyncCallback = async (messages, options, token) =>
            {
                if (gate is { } held)
                {
                    sending.TrySetResult();
                    await held.Task;
                }

                return await echo.GetResponseAsync(messages, options, token);
            },
        });
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "slow" });
        await conversation.SendAsync("hello");

        gate = mayAnswer;
        Task<ChatTurnResult> slow = conversation.SendAsync("a long one");
        await sending.Task;
        _time.Advance(Hour); // The store forgets the conversation while its model answers.
        gate = null;
        mayAnswer.SetResult();
        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(() => slow);

        Assert.Equal(("slow", 1L, 0L), (conflict.ConversationId, conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal(["hello", "A saw: hello"], conversation.History.Skip(1).Select(m => m.Text));
        Assert.Equal("A saw: once more", (await conversation.SendAsync("once more")).Text);
        Assert.Equal(1, (await _store.LoadAsync("slow"))!.Version);
    }

    [Fact]
    public async Task A_conversation_never_saved_stays_as_it_is_when_the_store_has_nothing()
    {
        using IImageChatClient client = Client(TestChatClient.Echo("A"));
        IImageChatConversation conversation = await client.ResumeConversationAsync(new ConversationOptions { Id = "new" });

        _time.Advance(Hour);

        Assert.Same(conversation, await client.ResumeConversationAsync(new ConversationOptions { Id = "new" }));
        Assert.Equal("A saw: first", (await conversation.SendAsync("first")).Text);
        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Id.Id == 1007);
    }

    [Fact]
    public void An_expiration_under_a_millisecond_is_refused()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryConversationStore { SlidingExpiration = TimeSpan.Zero });

        Assert.Equal("SlidingExpiration ('00:00:00') must be greater than or equal to '00:00:00.0010000'. (Parameter 'SlidingExpiration')\nActual value was 00:00:00.", error.Message);
    }

    /// <summary>A client on <see cref="_store"/>, its clock <see cref="_time"/>, logging to <see cref="_logs"/>.</summary>
    private IImageChatClient Client(IChatClient model)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(model)
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .UseTimeProvider(_time)
            .UseConversationStore(_store);
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(_logs)));
        return builder.Build();
    }

    /// <summary>Saves a committed state as a conversation's turn does, keeping no reference to it here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference SaveCommitted(InMemoryConversationStore store, string id)
    {
        ConversationState state = ConversationStoreContractTests.State(id, 1, "hello");
        store.SaveCommitted(state, state.Messages);
        return new WeakReference(state);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
