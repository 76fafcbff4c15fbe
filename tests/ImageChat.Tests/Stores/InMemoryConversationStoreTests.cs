using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Stores;

public sealed class InMemoryConversationStoreTests : ConversationStoreContractTests, IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    protected override Task<IConversationStore> CreateStoreAsync() => Task.FromResult<IConversationStore>(new InMemoryConversationStore());

    /// <summary>A client on this test's store, standing for one of two in one process sharing it.</summary>
    private IImageChatClient Client(IChatClient model) =>
        new ImageChatBuilder()
            .UseChatClient(model)
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .UseConversationStore(Store)
            .Build();

    [Fact]
    public async Task A_loaded_state_shares_nothing_with_the_saved_one()
    {
        ConversationState saved = State("m1", 1, "hello");
        await Store.SaveAsync(saved);

        ConversationState loaded = (await Store.LoadAsync("m1"))!;

        Assert.NotSame(saved.Messages[0], loaded.Messages[0]);
        Assert.Equal(saved.Messages[0].Text, loaded.Messages[0].Text);
    }

    [Fact]
    public async Task Two_clients_sharing_the_store_alternate_turns_and_each_sends_the_whole_history()
    {
        TestChatClient modelA = TestChatClient.Echo("A");
        using IImageChatClient a = Client(modelA);
        using IImageChatClient b = Client(TestChatClient.Echo("B"));
        IImageChatConversation onA = a.StartConversation(new ConversationOptions { Id = "shared" });
        IImageChatConversation onB = await b.ResumeConversationAsync(new ConversationOptions { Id = "shared" });

        Assert.Equal("A saw: one", (await onA.SendAsync("one")).Text);
        Assert.Equal("B saw: one | two", (await onB.SendAsync("two")).Text);
        Assert.Equal("A saw: one | two | three", (await onA.SendAsync("three")).Text); // A caught up with B's turn first.

        Assert.Equal(3, (await Store.LoadAsync("shared"))!.Version);
        Assert.Equal(["one", "A saw: one", "two", "B saw: one | two", "three"], modelA.Requests[^1].Skip(1).Select(m => m.Text));
        Assert.Equal(onA.History.Select(m => m.Text).Take(5), onB.History.Select(m => m.Text)); // B has not caught up with A's last turn yet.
        Assert.Same(onB, await b.GetConversationAsync("shared"));
        Assert.Equal(onA.History.Select(m => m.Text), onB.History.Select(m => m.Text)); // Getting it caught it up.
    }

    [Fact]
    public async Task Of_two_concurrent_turns_one_commits_and_the_other_gets_the_conflict_and_is_as_before()
    {
        TaskCompletionSource aSending = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource aMayAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using IImageChatClient a = Client(TestChatClient.Echo("A", aSending, aMayAnswer.Task));
        using IImageChatClient b = Client(TestChatClient.Echo("B"));
        IImageChatConversation onA = a.StartConversation(new ConversationOptions { Id = "raced" });
        IImageChatConversation onB = b.StartConversation(new ConversationOptions { Id = "raced" });
        await onB.SendAsync("start");

        Task<ChatTurnResult> turnOnA = onA.SendAsync("from A");
        await aSending.Task; // A has caught up with version 1 and waits for its model.
        await onB.SendAsync("from B");
        aMayAnswer.SetResult();
        ConversationConcurrencyException conflict = await Assert.ThrowsAsync<ConversationConcurrencyException>(() => turnOnA);

        Assert.Equal(("raced", 1L, 2L), (conflict.ConversationId, conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal(["start", "B saw: start"], onA.History.Skip(1).Select(m => m.Text));
        Assert.Equal(["start", "B saw: start", "from B", "B saw: start | from B"], (await Store.LoadAsync("raced"))!.Messages.Select(m => m.Text));
        Assert.Equal("A saw: start | from B | from A", (await onA.SendAsync("from A")).Text);
    }

    [Fact]
    public async Task A_caller_changing_a_loaded_state_changes_neither_the_store_nor_the_conversation()
    {
        TestChatClient model = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A worm"),
            _ => TestChatClient.Reply("Here is the worm."),
            _ => TestChatClient.Reply("It is a worm."));
        using IImageChatClient client = Client(model);
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "mine" });
        await conversation.SendAsync("draw a worm");

        ConversationState loaded = (await Store.LoadAsync("mine"))!;
        loaded.Messages[0].Contents[0] = new TextContent("draw a cat");
        ((FunctionCallContent)loaded.Messages[1].Contents[0]).Arguments!["description"] = "A cat";
        loaded.Messages[3].Contents.Add(new TextContent(" And a cat."));
        await conversation.SendAsync("what is it?");

        IReadOnlyList<ChatMessage> sent = model.Requests[^1];
        Assert.Equal(["draw a worm", "", "", "Here is the worm.", "what is it?"], sent.Skip(1).Select(m => m.Text));
        Assert.Equal("A worm", ((FunctionCallContent)Assert.Single(sent[2].Contents)).Arguments!["description"]?.ToString());
        Assert.StartsWith("Image generated successfully and saved to generated_", (string)((FunctionResultContent)Assert.Single(sent[3].Contents)).Result!, StringComparison.Ordinal);
        ConversationState reloaded = (await Store.LoadAsync("mine"))!;
        Assert.Equal(["draw a worm", "", "Here is the worm.", "what is it?", "It is a worm."], reloaded.Messages.Where(m => m.Role != ChatRole.Tool).Select(m => m.Text));
        Assert.Equal("A worm", Assert.Single(reloaded.Images).Description);
    }

    [Fact]
    public async Task A_conversation_adopts_what_a_caller_saved_not_what_the_caller_changed_afterwards()
    {
        TestChatClient model = TestChatClient.Echo("A");
        using IImageChatClient client = Client(model);
        ConversationState saved = State("handed", 1, "saved text");
        await Store.SaveAsync(saved);
        saved.Messages[0].Contents[0] = new TextContent("changed after the save");

        IImageChatConversation conversation = await client.ResumeConversationAsync(new ConversationOptions { Id = "handed" });

        Assert.Equal("A saw: saved text | next", (await conversation.SendAsync("next")).Text);
        Assert.Equal(2, (await Store.LoadAsync("handed"))!.Version);
    }

    [Fact]
    public async Task A_turn_whose_reply_the_stored_form_cannot_keep_fails_and_leaves_the_conversation_as_before()
    {
        using IImageChatClient client = Client(TestChatClient.Scripted(
            _ => TestChatClient.Reply("fine"),
            _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("odd"), new UsageContent(new UsageDetails())]))));
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { Id = "odd" });
        await conversation.SendAsync("hello");

        ImageChatException failure = await Assert.ThrowsAsync<ImageChatException>(() => conversation.SendAsync("again"));

        Assert.Equal(
            "The turn completed, but conversation 'odd' could not be saved to its store (A message of role assistant holds content of type UsageContent, which a stored conversation cannot keep (it keeps text, images, tool calls and tool results).); the conversation is as before the turn.",
            failure.Message);
        Assert.IsType<NotSupportedException>(failure.InnerException);
        Assert.Equal(["hello", "fine"], conversation.History.Skip(1).Select(m => m.Text));
        Assert.Equal(1, (await Store.LoadAsync("odd"))!.Version);
    }
}
