using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace ImageChat.Tests.Vision;

/// <summary>
/// Vision follow-ups in the engine: which requests carry which image, one store read per turn however many calls it
/// makes, streamed turns alike, an unreadable image skipped, the heuristic that tells a reference to the picture, and
/// the options as configuration binds and validates them.
/// </summary>
public sealed class ImageVisionTests : IDisposable
{
    private readonly TempDirectory _images = new();
    private readonly RecordingImageStore _store;
    private readonly TestImageGenerator _generator = new() { GenerateCallback = (_, _) => Task.FromResult(new TextToImageResult(VisionPictures.Png(800, 600), "image/png")) };

    public ImageVisionTests() => _store = new RecordingImageStore(_images.Path);

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(TestChatClient chat, ImageVisionMode mode) =>
        new ImageChatBuilder()
            .UseChatClient(chat)
            .UseImageGenerator(_generator)
            .UseImageStore(_store)
            .UseImageVision(mode, o => o.MaxSide = 200)
            .Build();

    /// <summary>Turn one draws the first picture; the turn after calls <c>generate_image</c> again, then replies.</summary>
    private static TestChatClient TwoPictures() =>
        TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A red and blue flag."),
            _ => TestChatClient.Reply("Here it is."),
            _ => TestChatClient.ToolCall("call_2", "Another flag like this one."),
            _ => TestChatClient.Reply("Here is another."));

    /// <summary>The image the request's last user message carries, if any.</summary>
    private static DataContent? ImageIn(IReadOnlyList<ChatMessage> request) =>
        request.Last(m => m.Role == ChatRole.User).Contents.OfType<DataContent>().SingleOrDefault();

    [Fact]
    public async Task Current_image_shows_every_call_of_the_turn_the_picture_the_user_had_seen_read_once()
    {
        TestChatClient chat = TwoPictures();
        (IImageChatClient client, IImageChatConversation conversation) = await FirstTurnAsync(chat, ImageVisionMode.CurrentImage);
        using IImageChatClient _ = client;
        ConversationImage first = Assert.Single(conversation.Images);

        await conversation.SendAsync("draw one more like this");

        Assert.Null(ImageIn(chat.Requests[0]));
        Assert.Null(ImageIn(chat.Requests[1]));
        DataContent initial = Assert.IsType<DataContent>(ImageIn(chat.Requests[2]));
        Assert.Same(initial, ImageIn(chat.Requests[3])); // after the tool call too, and the same part: not read again
        Assert.Equal((first.FileName, "image/png", "low"), (initial.Name, initial.MediaType, initial.AdditionalProperties?["detail"]));
        using SKBitmap picture = SKBitmap.Decode(initial.Data.ToArray());
        Assert.Equal((200, 150), (picture.Width, picture.Height));
        Assert.Equal([first.FileName], _store.Reads);
        Assert.Equal("draw one more like this", chat.Requests[2][^1].Text);
        Assert.Empty(conversation.History.SelectMany(m => m.Contents).OfType<DataContent>());
    }

    [Fact]
    public async Task Always_shows_the_call_after_a_tool_the_image_the_turn_just_made()
    {
        TestChatClient chat = TwoPictures();
        (IImageChatClient client, IImageChatConversation conversation) = await FirstTurnAsync(chat, ImageVisionMode.Always);
        using IImageChatClient _ = client;

        await conversation.SendAsync("draw another");

        ConversationImage[] images = [.. conversation.Images];
        Assert.Null(ImageIn(chat.Requests[0]));
        Assert.Equal([images[0].FileName, images[0].FileName, images[1].FileName], chat.Requests.Skip(1).Select(r => ImageIn(r)?.Name));
        Assert.Equal([images[0].FileName, images[0].FileName, images[1].FileName], _store.Reads); // each image once per turn that shows it
    }

    /// <summary>In <see cref="ImageVisionMode.CurrentImage"/>, turn one has drawn a flag; the next turn will be answered <paramref name="reply"/>.</summary>
    private async Task<(TestChatClient Chat, IImageChatClient Client, IImageChatConversation Conversation)> AfterAFlagAsync(string reply)
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A red and blue flag."),
            _ => TestChatClient.Reply("Here it is."),
            _ => TestChatClient.Reply(reply));
        (IImageChatClient client, IImageChatConversation conversation) = await FirstTurnAsync(chat, ImageVisionMode.CurrentImage);
        return (chat, client, conversation);
    }

    /// <summary>Builds the client and runs turn one, "draw a flag".</summary>
    private async Task<(IImageChatClient Client, IImageChatConversation Conversation)> FirstTurnAsync(TestChatClient chat, ImageVisionMode mode)
    {
        IImageChatClient client = Build(chat, mode);
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("draw a flag");
        return (client, conversation);
    }

    [Fact]
    public async Task A_streamed_turn_carries_the_picture_as_a_buffered_one_does()
    {
        (TestChatClient chat, IImageChatClient client, IImageChatConversation conversation) = await AfterAFlagAsync("A flag, red and blue.");
        using IImageChatClient _ = client;

        List<TurnUpdate> updates = [];
        await foreach (TurnUpdate update in conversation.SendStreamingAsync("what colours has the picture?"))
        {
            updates.Add(update);
        }

        Assert.IsType<TurnCompleted>(updates[^1]);
        Assert.Equal(conversation.CurrentImage!.FileName, ImageIn(chat.Requests[2])?.Name);
    }

    [Fact]
    public async Task A_picture_the_store_no_longer_has_is_left_out_and_the_turn_goes_on()
    {
        (TestChatClient chat, IImageChatClient client, IImageChatConversation conversation) = await AfterAFlagAsync("It is a flag, from its description.");
        using IImageChatClient _ = client;
        File.Delete(conversation.CurrentImage!.Location);

        ChatTurnResult turn = await conversation.SendAsync("what is the picture?");

        Assert.Equal("It is a flag, from its description.", turn.Text);
        Assert.Null(ImageIn(chat.Requests[2]));
        Assert.Equal([conversation.CurrentImage.FileName], _store.Reads);
    }

    [Theory]
    [InlineData("what is the picture?", true)]
    [InlineData("Describe the IMAGE", true)]
    [InlineData("is it night there", true)]
    [InlineData("make this brighter", true)]
    [InlineData("I love these colours", true)]
    [InlineData("How many legs does a worm have?", true)] // a question right after the turn that made the picture
    [InlineData("Italy is lovely", false)] // "it" only as a word
    [InlineData("thanks!", false)]
    public void A_message_refers_to_the_picture_by_its_words_or_as_a_question_right_after_it(string text, bool refers)
    {
        ChatMessage[] messages = AfterTheWorm(new ChatMessage(ChatRole.User, text));

        Assert.Equal(refers, ImageVisionChatClient.RefersToPicture(messages, messages.Length - 1, Worm));
    }

    [Fact]
    public void A_question_a_turn_later_no_longer_refers_to_the_picture()
    {
        ChatMessage[] messages = AfterTheWorm(new ChatMessage(ChatRole.User, "thanks!"), new ChatMessage(ChatRole.Assistant, "You are welcome."), new ChatMessage(ChatRole.User, "How many legs does a worm have?"));

        Assert.False(ImageVisionChatClient.RefersToPicture(messages, messages.Length - 1, Worm));
    }

    private static readonly ConversationImage Worm =
        new() { Id = "1", FileName = "generated_0badf00d.png", Location = "x", Description = "A worm.", MediaType = "image/png", ToolCallId = "call_worm" };

    /// <summary>The turn that drew <see cref="Worm"/>, then <paramref name="more"/>.</summary>
    private static ChatMessage[] AfterTheWorm(params ChatMessage[] more) =>
    [
        new(ChatRole.User, "create the image of a worm"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_worm", ImageChatDefaults.ImageToolName)]),
        new(ChatRole.Tool, [new FunctionResultContent("call_worm", "saved")]),
        new(ChatRole.Assistant, "Here is the worm."),
        .. more,
    ];

    [Fact]
    public async Task Configuration_turns_vision_on_and_an_out_of_range_side_is_reported_with_its_key()
    {
        IConfiguration on = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Vision:Mode"] = "Always", ["Vision:MaxSide"] = "64" }).Build();
        TestChatClient chat = TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "A flag."), _ => TestChatClient.Reply("Here it is."));
        using (IImageChatClient client = new ImageChatBuilder().Configure(on).UseChatClient(chat).UseImageGenerator(_generator).UseImageStore(_store).Build())
        {
            await client.StartConversation().SendAsync("draw a flag");
        }

        using (SKBitmap shown = SKBitmap.Decode(ImageIn(chat.Requests[1])!.Data.ToArray()))
        {
            Assert.Equal((64, 48), (shown.Width, shown.Height));
        }

        IConfiguration wrong = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Vision:Mode"] = "CurrentImage", ["Vision:MaxSide"] = "8" }).Build();
        ImageChatBuilder builder = new ImageChatBuilder().Configure(wrong).UseChatClient(TestChatClient.Scripted()).UseImageGenerator(_generator);

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Equal(["MaxSide: The field ImageChat:Vision:MaxSide must be between 16 and 2048."], failure.Failures);
    }

    [Fact]
    public void Vision_is_off_by_default_at_a_512_pixel_side()
    {
        ImageVisionOptions options = new();

        Assert.Equal((ImageVisionMode.None, 512), (options.Mode, options.MaxSide));
    }
}
