using System.Text;
using System.Text.Json;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.OpenAI;

/// <summary>
/// "Paint now a wolf in the moon", "make it now an elephant" over real HTTP with the OpenAI provider: the second turn
/// posts a multipart form to <c>/v1/images/edits</c> whose image part is the wolf's stored bytes with content type
/// <c>image/png</c> (gpt-image-1 refuses a part without one), and the elephant records the wolf as its parent.
/// </summary>
public sealed class ImageEditOverHttpTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] WolfPng = TestImageEditor.PngFor("wolf");
    private static readonly byte[] ElephantPng = TestImageEditor.PngFor("elephant");
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build() =>
        new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test";
                o.Endpoint = _server.Endpoint;
                o.ImageSize = "1024x1024";
                o.ImageQuality = "high";
            })
            .UseImageDirectory(_images.Path)
            .Build();

    private async Task<(IImageChatConversation Conversation, ConversationImage Wolf)> PaintTheWolfAsync(IImageChatClient client)
    {
        _server.EnqueueChatJson(ChatCompletions.ImageCall("call_wolf", "A wolf howling in front of a full moon."));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the wolf."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(WolfPng));
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("paint now a wolf in the moon");
        return (conversation, Assert.Single(conversation.Images));
    }

    [Fact]
    public async Task Make_it_now_an_elephant_posts_the_wolf_to_the_edit_endpoint_and_records_the_lineage()
    {
        using IImageChatClient client = Build();
        (IImageChatConversation conversation, ConversationImage wolf) = await PaintTheWolfAsync(client);
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_elephant", "edit_image", JsonSerializer.Serialize(new { description = "An elephant in front of a full moon." }))));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the elephant."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(ElephantPng, inputTokens: 320, outputTokens: 4160));

        ChatTurnResult turn = await conversation.SendAsync("make it now an elephant");

        FakeOpenAIServer.RecordedRequest edit = Assert.Single(_server.EditRequests);
        Assert.StartsWith("multipart/form-data; boundary=", edit.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("Bearer sk-test", edit.Headers["Authorization"]);
        Dictionary<string, (string? ContentType, string? FileName, byte[] Data)> form = await MultipartForm.ReadAsync(edit);
        Assert.Equal(["image", "prompt", "model", "size", "quality"], form.Keys);
        Assert.Equal("image/png", form["image"].ContentType);
        Assert.Equal(wolf.FileName, form["image"].FileName);
        Assert.Equal(WolfPng, form["image"].Data);
        Assert.Equal("An elephant in front of a full moon.", Encoding.UTF8.GetString(form["prompt"].Data));
        Assert.Equal("gpt-image-1", Encoding.UTF8.GetString(form["model"].Data));
        Assert.Equal("1024x1024", Encoding.UTF8.GetString(form["size"].Data));
        Assert.Equal("high", Encoding.UTF8.GetString(form["quality"].Data));
        Assert.Single(_server.ImageRequests); // The wolf's generation only: the elephant was an edit.

        ConversationImage elephant = Assert.Single(turn.Images);
        Assert.Equal(wolf.FileName, elephant.ParentFileName);
        Assert.Equal(wolf.Id, elephant.ParentId);
        Assert.Equal(ElephantPng, await File.ReadAllBytesAsync(elephant.Location));
        Assert.Equal(new TokenUsage(320, 4160), elephant.Usage);
        Assert.Equal(elephant, conversation.CurrentImage);
        string toolResult = _server.ChatRequests[^1].Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        Assert.Equal($"Image edited successfully from {wolf.FileName} and saved to {elephant.FileName}. Description: An elephant in front of a full moon.", toolResult);
    }

    [Theory]
    [InlineData("generated_0badf00d.png")]
    [InlineData("../../etc/passwd")]
    public async Task A_file_name_the_model_invents_is_refused_to_it_and_nothing_is_sent(string invented)
    {
        using IImageChatClient client = Build();
        (IImageChatConversation conversation, ConversationImage wolf) = await PaintTheWolfAsync(client);
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_edit", "edit_image", JsonSerializer.Serialize(new { description = "A cat.", image = invented }))));
        _server.EnqueueChatJson(ChatCompletions.Reply("That picture is not one of ours."));

        ChatTurnResult turn = await conversation.SendAsync("edit the other picture");

        Assert.Empty(_server.EditRequests);
        Assert.Empty(turn.Images);
        JsonElement toolMessage = _server.ChatRequests[^1].Json.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("call_edit", toolMessage.GetProperty("tool_call_id").GetString());
        Assert.Equal(
            $"Error: '{invented}' is not an image of this conversation, so nothing was edited. The images you can edit are: {wolf.FileName} (the last is the latest). No image was generated.",
            toolMessage.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_refused_edit_is_explained_to_the_model_like_a_refused_generation()
    {
        using IImageChatClient client = Build();
        (IImageChatConversation conversation, _) = await PaintTheWolfAsync(client);
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_edit", "edit_image", JsonSerializer.Serialize(new { description = "Something not allowed." }))));
        _server.EnqueueChatJson(ChatCompletions.Reply("I cannot make that."));
        _server.EnqueueImage(FakeOpenAIServer.Json(400, FakeOpenAIServer.ErrorJson("Your request was rejected by the safety system.", "image_generation_user_error", "moderation_blocked")));

        ChatTurnResult turn = await conversation.SendAsync("make it something not allowed");

        Assert.Single(_server.EditRequests);
        Assert.Empty(turn.Images);
        string toolResult = _server.ChatRequests[^1].Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        Assert.StartsWith("Error: no image was generated: the image model's safety system refused this description.", toolResult, StringComparison.Ordinal);
    }
}
