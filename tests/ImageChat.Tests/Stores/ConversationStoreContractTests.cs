using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Stores;

/// <summary>What every conversation store must do, run against each built-in store.</summary>
public abstract class ConversationStoreContractTests : IAsyncLifetime
{
    private IConversationStore _store = null!;

    protected IConversationStore Store => _store;

    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IConversationStore> CreateStoreAsync();

    internal static ConversationState State(string id, long version, params string[] userMessages) => new()
    {
        Id = id,
        Version = version,
        SystemPrompt = ImageChatDefaults.SystemPrompt,
        Messages = [.. userMessages.Select(m => new ChatMessage(ChatRole.User, m))],
        Images = [],
        Usage = new UsageSummary(new TokenUsage(10 * version, 5), TokenUsage.Zero, 0, (int)version),
        UpdatedAt = new DateTimeOffset(2025, 8, 4, 9, 21, 34, TimeSpan.Zero).AddMinutes(version),
    };

    [Fact]
    public async Task A_conversation_never_saved_loads_as_null()
    {
        Assert.Null(await Store.LoadAsync("nobody"));
    }

    [Fact]
    public async Task Saved_versions_load_back_whole()
    {
        await Store.SaveAsync(State("c1", 1, "hello"));
        await Store.SaveAsync(State("c1", 2, "hello", "again"));

        ConversationState loaded = (await Store.LoadAsync("c1"))!;

        Assert.Equal(2, loaded.Version);
        Assert.Equal(["hello", "again"], loaded.Messages.Select(m => m.Text));
        Assert.Equal(new TokenUsage(20, 5), loaded.Usage.Chat);
        Assert.Equal(State("c1", 2).UpdatedAt, loaded.UpdatedAt);
    }

    [Fact]
    public async Task A_save_over_another_version_is_refused_and_writes_nothing()
    {
        await Store.SaveAsync(State("c2", 1, "first"));
        await Store.SaveAsync(State("c2", 2, "first", "second"));

        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(
            () => Store.SaveAsync(State("c2", 2, "first", "other second")));

        Assert.Equal("c2", conflict.ConversationId);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Contains("Conversation 'c2' was changed by another turn: this save expected stored version 1, the store holds version 2.", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(["first", "second"], (await Store.LoadAsync("c2"))!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Version_one_is_saved_only_where_nothing_is_stored()
    {
        await Store.SaveAsync(State("c3", 1, "mine"));

        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(() => Store.SaveAsync(State("c3", 1, "theirs")));

        Assert.Equal((0L, 1L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal("mine", (await Store.LoadAsync("c3"))!.Messages[0].Text);
    }

    [Fact]
    public async Task A_version_that_skips_one_is_refused()
    {
        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(() => Store.SaveAsync(State("c4", 3, "late")));

        Assert.Equal((2L, 0L), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.EndsWith("the store holds version 0 (nothing: deleted or expired). Nothing was saved; resume the conversation and send again.", conflict.Message, StringComparison.Ordinal);
        Assert.Null(await Store.LoadAsync("c4"));
    }

    [Fact]
    public async Task Concurrent_saves_of_the_same_version_let_exactly_one_in()
    {
        await Store.SaveAsync(State("c5", 1, "start"));

        Task[] saves = [.. Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.SaveAsync(State("c5", 2, "start", $"writer {i}"))))];
        Exception?[] outcomes = await Task.WhenAll(saves.Select(async save =>
        {
            try
            {
                await save;
                return null;
            }
            catch (ConversationConcurrencyException ex)
            {
                return ex;
            }
        }));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<ConversationConcurrencyException>(), ex => Assert.Equal((1L, 2L), (ex.ExpectedVersion, ex.ActualVersion)));
        int winner = Array.IndexOf(outcomes, null);
        Assert.Equal($"writer {winner}", (await Store.LoadAsync("c5"))!.Messages[1].Text);
    }

    [Fact]
    public async Task Deleting_forgets_the_conversation()
    {
        await Store.SaveAsync(State("c6", 1, "bye"));

        Assert.True(await Store.DeleteAsync("c6"));
        Assert.False(await Store.DeleteAsync("c6"));
        Assert.Null(await Store.LoadAsync("c6"));
        await Store.SaveAsync(State("c6", 1, "again")); // A deleted conversation starts over at version 1.
    }

    [Fact]
    public async Task A_state_of_version_zero_cannot_be_saved()
    {
        ArgumentException error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(State("c7", 0)));

        Assert.Equal("state", error.ParamName);
    }
}
