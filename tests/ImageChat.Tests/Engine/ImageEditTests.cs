using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Engine;

/// <summary>
/// <c>edit_image</c>: the parent's stored bytes go to the editor, the new image records its parent and becomes the
/// current image; a name that is no image of the conversation is refused to the model and never reaches the store; a
/// generator that cannot edit generates instead and the model is told.
/// </summary>
public sealed class ImageEditTests : IDisposable
{
    private readonly TempDirectory _images = new();
    private readonly RecordingImageStore _store;
    private readonly TestImageEditor _editor = new();

    public ImageEditTests() => _store = new RecordingImageStore(_images.Path);

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(IChatClient chat, ITextToImageGenerator? generator = null) =>
        new ImageChatBuilder()
            .UseChatClient(chat)
            .UseImageGenerator(generator ?? _editor)
            .UseImageStore(_store)
            .Build();

    private static string ToolResult(IReadOnlyList<ChatMessage> request) =>
        Assert.Single(request[^1].Contents.OfType<FunctionResultContent>()).Result?.ToString() ?? string.Empty;

    /// <summary>Runs turn one, which draws a wolf; turn two will call <paramref name="edit"/> and reply with the tool result.</summary>
    private async Task<(IImageChatClient Client, IImageChatConversation Conversation, ConversationImage Wolf)> AfterTheWolfAsync(
        ChatResponse edit, ITextToImageGenerator? generator = null)
    {
        IImageChatClient client = Build(
            TestChatClient.Scripted(
                _ => TestChatClient.ToolCall("call_wolf", "A wolf howling at the moon."),
                _ => TestChatClient.Reply("Here is the wolf."),
                _ => edit,
                request => TestChatClient.Reply(ToolResult(request))),
            generator);
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("paint now a wolf in the moon");
        return (client, conversation, Assert.Single(conversation.Images));
    }

    [Fact]
    public async Task Editing_the_current_image_sends_its_stored_bytes_and_records_the_parent()
    {
        (IImageChatClient client, IImageChatConversation conversation, ConversationImage wolf) = await AfterTheWolfAsync(TestChatClient.EditCall("call_elephant", "An elephant in the moon."));
        using IImageChatClient _ = client;

        ChatTurnResult turn = await conversation.SendAsync("make it now an elephant");

        (DataContent sent, TextToImageRequest request) = Assert.Single(_editor.Edits);
        Assert.Equal(await File.ReadAllBytesAsync(wolf.Location), sent.Data.ToArray());
        Assert.Equal("image/png", sent.MediaType);
        Assert.Equal(wolf.FileName, sent.Name);
        Assert.Equal("An elephant in the moon.", request.Prompt);
        Assert.Equal([wolf.FileName], _store.Reads);

        ConversationImage elephant = Assert.Single(turn.Images);
        Assert.Equal(wolf.Id, elephant.ParentId);
        Assert.Equal(wolf.FileName, elephant.ParentFileName);
        Assert.Equal("call_elephant", elephant.ToolCallId);
        Assert.Equal(TestImageEditor.PngFor("An elephant in the moon."), await File.ReadAllBytesAsync(elephant.Location));
        Assert.Equal($"Image edited successfully from {wolf.FileName} and saved to {elephant.FileName}. Description: An elephant in the moon.", turn.Text);
        Assert.Equal(elephant, conversation.CurrentImage);
        Assert.Equal([wolf, elephant], conversation.Images);
        Assert.Null(wolf.ParentFileName);
        Assert.Equal(new TokenUsage(300, 4160), turn.Usage.ImageTokens);
        Assert.Equal(1, turn.Usage.ImageCount);
    }

    [Fact]
    public async Task An_earlier_image_named_by_the_model_is_the_one_edited()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_wolf", "A wolf."),
            _ => TestChatClient.Reply("Wolf."),
            _ => TestChatClient.ToolCall("call_owl", "An owl."),
            _ => TestChatClient.Reply("Owl."),
            history => TestChatClient.EditCall("call_back", "The wolf, now at dawn.", FileNameIn(history, "call_wolf")),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("draw a wolf");
        await conversation.SendAsync("draw an owl");
        ConversationImage wolf = conversation.Images[0];

        ChatTurnResult turn = await conversation.SendAsync("go back to the wolf and make it dawn");

        Assert.Equal(wolf.FileName, Assert.Single(turn.Images).ParentFileName);
        Assert.Equal(TestImageEditor.PngFor("A wolf."), Assert.Single(_editor.Edits).Image.Data.ToArray());
        Assert.Equal(turn.Images[0], conversation.CurrentImage);
    }

    [Theory]
    [InlineData("generated_deadbeef.png")]
    [InlineData("../generated_deadbeef.png")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\secrets.png")]
    public async Task A_name_that_is_no_image_of_the_conversation_is_refused_to_the_model_and_nothing_is_read(string invented)
    {
        // A real file of that name in the image folder, to prove the refusal is not "file not found".
        await File.WriteAllBytesAsync(Path.Combine(_images.Path, "generated_deadbeef.png"), TestImageGenerator.PngBytes);
        (IImageChatClient client, IImageChatConversation conversation, ConversationImage wolf) = await AfterTheWolfAsync(TestChatClient.EditCall("call_edit", "Something else.", invented));
        using IImageChatClient _ = client;

        ChatTurnResult turn = await conversation.SendAsync("edit that other picture");

        Assert.Equal(
            $"Error: '{invented}' is not an image of this conversation, so nothing was edited. The images you can edit are: {wolf.FileName} (the last is the latest). No image was generated.",
            turn.Text);
        Assert.Empty(_store.Reads);
        Assert.Empty(_editor.Edits);
        Assert.Empty(turn.Images);
        Assert.Equal(wolf, conversation.CurrentImage);
    }

    [Fact]
    public async Task Editing_before_any_image_is_reported_to_the_model()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.EditCall("call_edit", "A brighter picture."),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync("make it brighter");

        Assert.Equal("Error: there is no image in this conversation to edit yet; use generate_image to make one. No image was generated.", turn.Text);
        Assert.Empty(_editor.Edits);
        Assert.Null(conversation.CurrentImage);
    }

    [Fact]
    public async Task An_image_made_earlier_in_the_same_turn_can_be_edited()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_wolf", "A wolf."),
            _ => TestChatClient.EditCall("call_edit", "The wolf in red."),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync("draw a wolf, then make it red");

        Assert.Equal(2, turn.Images.Count);
        Assert.Equal(turn.Images[0].FileName, turn.Images[1].ParentFileName);
        Assert.Equal(turn.Images[1], conversation.CurrentImage);
    }

    [Fact]
    public async Task A_generator_that_cannot_edit_generates_instead_and_the_model_is_told()
    {
        TestImageGenerator generator = new();
        (IImageChatClient client, IImageChatConversation conversation, ConversationImage wolf) = await AfterTheWolfAsync(TestChatClient.EditCall("call_elephant", "An elephant in the moon."), generator);
        using IImageChatClient _ = client;

        ChatTurnResult turn = await conversation.SendAsync("make it now an elephant");

        ConversationImage elephant = Assert.Single(turn.Images);
        Assert.Null(elephant.ParentFileName);
        Assert.Null(elephant.ParentId);
        Assert.Equal(["A wolf howling at the moon.", "An elephant in the moon."], generator.Prompts);
        Assert.Equal(
            $"Image generated successfully and saved to {elephant.FileName}. Description: An elephant in the moon. " +
            $"Note: this image model cannot edit images, so this is a new image made from the description alone, not an edit of {wolf.FileName}; tell the user if it matters.",
            turn.Text);
        Assert.Empty(_store.Reads);
    }

    [Fact]
    public async Task A_parent_gone_from_the_store_is_reported_and_costs_no_image()
    {
        (IImageChatClient client, IImageChatConversation conversation, ConversationImage wolf) = await AfterTheWolfAsync(TestChatClient.EditCall("call_elephant", "An elephant in the moon."));
        using IImageChatClient _ = client;
        File.Delete(wolf.Location);

        ChatTurnResult turn = await conversation.SendAsync("make it now an elephant");

        Assert.Equal(
            $"Error: the image {wolf.FileName} could not be read from the image store, so it cannot be edited. Tell the user; generate_image can make a new one. No image was generated.",
            turn.Text);
        Assert.Empty(_editor.Edits);
        Assert.Equal(0, turn.Usage.ImageCount);
    }

    [Fact]
    public async Task A_streamed_edit_names_its_parent_when_it_starts()
    {
        (IImageChatClient client, IImageChatConversation conversation, ConversationImage wolf) = await AfterTheWolfAsync(TestChatClient.EditCall("call_elephant", "An elephant in the moon."));
        using IImageChatClient _ = client;

        List<TurnUpdate> updates = [];
        await foreach (TurnUpdate update in conversation.SendStreamingAsync("make it now an elephant"))
        {
            updates.Add(update);
        }

        ImageGenerationStarted started = Assert.Single(updates.OfType<ImageGenerationStarted>());
        Assert.Equal("call_elephant", started.CallId);
        Assert.Equal(wolf.FileName, started.ParentFileName);
        Assert.Equal(wolf.FileName, Assert.Single(updates.OfType<ImageSaved>()).Image.ParentFileName);
    }

    /// <summary>The file name the tool result of a call reported, as a model reads it from the history.</summary>
    private static string FileNameIn(IReadOnlyList<ChatMessage> history, string callId)
    {
        string result = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single(r => r.CallId == callId).Result!.ToString()!;
        return System.Text.RegularExpressions.Regex.Match(result, @"generated_[0-9a-f]{8}\.png").Value;
    }
}
