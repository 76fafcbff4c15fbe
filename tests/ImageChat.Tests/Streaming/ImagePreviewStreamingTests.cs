using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.Streaming;

/// <summary>
/// Partial image previews over real HTTP: gpt-image-1 streams <c>partial_images</c> to the OpenAI provider, ImageChat hands
/// each to the streamed turn's reader as an <see cref="ImagePreview"/> of its tool call and keeps none of their bytes.
/// </summary>
public sealed class ImagePreviewStreamingTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Partial0 = TestImageEditor.PngFor("partial 0");
    private static readonly byte[] Partial1 = TestImageEditor.PngFor("partial 1");
    private static readonly byte[] Finished = TestImageEditor.PngFor("finished worm");
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(int partialImages = 2, string imageModel = "gpt-image-1")
    {
        ServiceCollection services = new();
        services.AddImageChat()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test";
                o.Endpoint = _server.Endpoint;
                o.ImageModel = imageModel;
                o.PartialImages = partialImages;
            })
            .UseImageDirectory(_images.Path)
            .ConfigureResilience(o =>
            {
                o.Image.BaseDelay = TimeSpan.Zero;
                o.Image.RetryWhenPossiblyProcessed = true; // So that a dropped connection is retried, where a retry is allowed.
            });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IImageChatClient>();
    }

    private void ScriptPictureTurn(string callId = "call_worm", string tool = ImageChatDefaults.ImageToolName)
    {
        _server.EnqueueCompletion(ChatCompletions.ToolCalls((callId, tool, JsonSerializer.Serialize(new { description = "A worm on moist soil." }))));
        _server.EnqueueCompletion(ChatCompletions.Reply("Here is the worm."));
    }

    private static async Task<List<TurnUpdate>> ReadAsync(IImageChatConversation conversation, string message)
    {
        List<TurnUpdate> updates = [];
        await foreach (TurnUpdate update in conversation.SendStreamingAsync(message))
        {
            updates.Add(update);
        }

        return updates;
    }

    private static string[] Kinds(IEnumerable<TurnUpdate> updates) =>
        [.. updates.Where(u => u is not TextDelta).Select(u => u is ImagePreview preview ? $"ImagePreview {preview.Index}" : u.GetType().Name)];

    [Fact]
    public async Task A_streamed_picture_turn_shows_each_partial_image_of_its_call_then_the_saved_image_and_keeps_no_bytes()
    {
        IImageChatClient client = Build();
        ScriptPictureTurn();
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial0, Partial1], Finished));
        IImageChatConversation conversation = client.StartConversation();

        List<TurnUpdate> updates = await ReadAsync(conversation, "create the image of a worm");

        Assert.Equal(
            ["ToolCallStarted", "ImageGenerationStarted", "ImagePreview 0", "ImagePreview 1", "ImageSaved", "TurnCompleted"],
            Kinds(updates));
        ImagePreview[] previews = [.. updates.OfType<ImagePreview>()];
        Assert.All(previews, p => Assert.Equal("call_worm", p.CallId));
        Assert.All(previews, p => Assert.Equal(ImageMediaType.Png, p.MediaType));
        Assert.Equal([Partial0, Partial1], previews.Select(p => p.Data.ToArray()));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A worm on moist soil.", "model": "gpt-image-1", "n": 1, "stream": true, "partial_images": 2 }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)),
            _server.ImageRequests[0].Body);

        ConversationImage worm = Assert.Single(((TurnCompleted)updates[^1]).Result.Images);
        Assert.Equal(Finished, await File.ReadAllBytesAsync(worm.Location));
        Assert.Equal(new TokenUsage(50, 4160), worm.Usage);
        Assert.Single(Directory.GetFiles(_images.Path)); // The previews were never saved.
        ConversationState state = (await _services!.GetRequiredService<IConversationStore>().LoadAsync(conversation.Id))!;
        string document = Encoding.UTF8.GetString(ConversationStateSerializer.Serialize(state));
        Assert.DoesNotContain(Convert.ToBase64String(Partial0), document, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Finished), document, StringComparison.Ordinal);
        Assert.DoesNotContain(conversation.History.SelectMany(m => m.Contents), c => c is DataContent);
    }

    [Fact]
    public async Task A_turn_that_is_not_streamed_asks_for_no_preview()
    {
        IImageChatClient client = Build();
        ScriptPictureTurn();
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Finished));

        ChatTurnResult turn = await client.StartConversation().SendAsync("create the image of a worm");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A worm on moist soil.", "model": "gpt-image-1", "n": 1 }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)));
        Assert.Equal(Finished, await File.ReadAllBytesAsync(Assert.Single(turn.Images).Location));
    }

    [Fact]
    public async Task With_no_partial_images_a_streamed_turn_sends_todays_request_and_shows_no_preview()
    {
        IImageChatClient client = Build(partialImages: 0);
        ScriptPictureTurn();
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Finished));

        List<TurnUpdate> updates = await ReadAsync(client.StartConversation(), "create the image of a worm");

        Assert.Equal(["ToolCallStarted", "ImageGenerationStarted", "ImageSaved", "TurnCompleted"], Kinds(updates));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A worm on moist soil.", "model": "gpt-image-1", "n": 1 }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)));
    }

    [Fact]
    public async Task An_edit_streams_its_previews_too()
    {
        IImageChatClient client = Build(partialImages: 1);
        IImageChatConversation conversation = client.StartConversation();
        ScriptPictureTurn();
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial0], Finished));
        await ReadAsync(conversation, "create the image of a worm");
        ScriptPictureTurn("call_elephant", ImageChatDefaults.EditImageToolName);
        byte[] elephant = TestImageEditor.PngFor("elephant");
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial1], elephant));

        List<TurnUpdate> updates = await ReadAsync(conversation, "make it now an elephant");

        ImagePreview preview = Assert.Single(updates.OfType<ImagePreview>());
        Assert.Equal(("call_elephant", 0), (preview.CallId, preview.Index));
        Assert.Equal(Partial1, preview.Data.ToArray());
        Dictionary<string, (string? ContentType, string? FileName, byte[] Data)> form = await MultipartForm.ReadAsync(Assert.Single(_server.EditRequests));
        Assert.Equal("true", Encoding.UTF8.GetString(form["stream"].Data));
        Assert.Equal("1", Encoding.UTF8.GetString(form["partial_images"].Data));
        Assert.Equal(Finished, form["image"].Data);
        ConversationImage saved = Assert.Single(((TurnCompleted)updates[^1]).Result.Images);
        Assert.Equal(elephant, await File.ReadAllBytesAsync(saved.Location));
        Assert.Equal(conversation.Images[0].FileName, saved.ParentFileName);
    }

    [Fact]
    public async Task A_failure_before_the_first_preview_is_retried()
    {
        IImageChatClient client = Build();
        ScriptPictureTurn();
        _server.EnqueueImage(FakeOpenAIServer.Json(503, FakeOpenAIServer.ErrorJson("Overloaded.", "server_error", null)));
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial0, Partial1], Finished));

        List<TurnUpdate> updates = await ReadAsync(client.StartConversation(), "create the image of a worm");

        Assert.Equal(2, _server.ImageRequests.Count);
        Assert.Equal([Partial0, Partial1], updates.OfType<ImagePreview>().Select(p => p.Data.ToArray()));
        Assert.Equal(Finished, await File.ReadAllBytesAsync(Assert.Single(((TurnCompleted)updates[^1]).Result.Images).Location));
    }

    [Fact]
    public async Task A_connection_dropped_before_the_first_preview_is_retried()
    {
        IImageChatClient client = Build();
        ScriptPictureTurn();
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial0], Finished, beforeEvent: (_, context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        }));
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial1], Finished));

        List<TurnUpdate> updates = await ReadAsync(client.StartConversation(), "create the image of a worm");

        Assert.Equal(2, _server.ImageRequests.Count);
        Assert.Equal(Partial1, Assert.Single(updates.OfType<ImagePreview>()).Data.ToArray());
        Assert.Single(((TurnCompleted)updates[^1]).Result.Images);
    }

    [Fact]
    public async Task A_failure_after_a_preview_reached_the_reader_is_not_retried_and_is_told_to_the_model()
    {
        IImageChatClient client = Build();
        ScriptPictureTurn();
        TaskCompletionSource previewSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.EnqueueImage(FakeOpenAIServer.ImageStream([Partial0, Partial1], Finished, beforeEvent: async (number, context) =>
        {
            if (number == 1)
            {
                await previewSeen.Task; // The reader has the first partial image; then the connection drops.
                context.Abort();
            }
        }));

        List<TurnUpdate> updates = [];
        await foreach (TurnUpdate update in client.StartConversation().SendStreamingAsync("create the image of a worm"))
        {
            updates.Add(update);
            if (update is ImagePreview)
            {
                previewSeen.SetResult();
            }
        }

        Assert.Single(_server.ImageRequests);
        Assert.Equal(["ToolCallStarted", "ImageGenerationStarted", "ImagePreview 0", "TurnCompleted"], Kinds(updates));
        Assert.Empty(((TurnCompleted)updates[^1]).Result.Images);
        string toolResult = _server.ChatRequests[^1].Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        Assert.StartsWith("Error: ", toolResult, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_images.Path));
    }

    [Fact]
    public async Task An_error_event_in_the_stream_is_told_to_the_model_by_its_code()
    {
        IImageChatClient client = Build();
        ScriptPictureTurn();
        _server.EnqueueImage(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"image_generation_user_error\",\"code\":\"moderation_blocked\",\"message\":\"Your request was rejected by the safety system.\"}}\n\n");
        });

        List<TurnUpdate> updates = await ReadAsync(client.StartConversation(), "create the image of a worm");

        Assert.Single(_server.ImageRequests); // A refusal is no passing trouble: not retried.
        Assert.Empty(((TurnCompleted)updates[^1]).Result.Images);
        string toolResult = _server.ChatRequests[^1].Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        Assert.Equal(
            "Error: no image was generated: the image model's safety system refused this description. Tell the user, and suggest describing the image differently.",
            toolResult);
    }

    [Fact]
    public void Partial_images_with_an_image_model_that_cannot_stream_them_fail_at_start_naming_the_key()
    {
        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => Build(partialImages: 1, imageModel: "dall-e-3").StartConversation());

        Assert.Equal(["ImageChat:OpenAI:PartialImages is 1, but dall-e-3 does not stream partial images: set it to 0, or use gpt-image-1."], failure.Failures);
    }
}
