namespace ImageChat.Tests.Stores;

public sealed class InMemoryConversationStoreTests : ConversationStoreContractTests
{
    protected override Task<IConversationStore> CreateStoreAsync() => Task.FromResult<IConversationStore>(new InMemoryConversationStore());

    [Fact]
    public async Task A_loaded_state_shares_nothing_with_the_saved_one()
    {
        ConversationState saved = State("m1", 1, "hello");
        await Store.SaveAsync(saved);

        ConversationState loaded = (await Store.LoadAsync("m1"))!;

        Assert.NotSame(saved.Messages[0], loaded.Messages[0]);
        Assert.Equal(saved.Messages[0].Text, loaded.Messages[0].Text);
    }
}
