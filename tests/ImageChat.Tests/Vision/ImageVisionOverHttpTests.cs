using System.Text.Json;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace ImageChat.Tests.Vision;

/// <summary>
/// Vision follow-ups over real HTTP with the OpenAI provider: the request of a turn that refers to the picture carries
/// the current image, downscaled, as an <c>image_url</c> data part with <c>detail: low</c>; the next turn's does not; the
/// history, the conversation store and the call log never hold the bytes; and with vision off nothing is sent.
/// </summary>
public sealed class ImageVisionOverHttpTests : IAsyncLifetime, IDisposable
{
    /// <summary>What the image model "draws": larger than the default 512-pixel side, and not square.</summary>
    private static readonly byte[] Worm = VisionPictures.Png(1024, 768);

    private readonly TempDirectory _images = new();
    private readonly TempDirectory _conversations = new();
    private readonly StringWriter _callLog = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _images.Dispose();
        _conversations.Dispose();
        _callLog.Dispose();
    }

    private IImageChatClient Build(Action<ImageChatBuilder>? configure = null)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test";
                o.Endpoint = _server.Endpoint;
            })
            .UseImageDirectory(_images.Path)
            .UseConversationDirectory(_conversations.Path)
            .UseCallLog(_callLog)
            .ConfigureResilience(o => o.Chat.BaseDelay = TimeSpan.Zero);
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Turn one draws the worm; then each of <paramref name="followUps"/> is answered with a plain reply.</summary>
    private async Task<(IImageChatConversation Conversation, ConversationImage Worm)> TalkAsync(IImageChatClient client, params string[] followUps)
    {
        _server.EnqueueChatJson(ChatCompletions.ImageCall("call_worm", "A worm on moist soil."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Worm));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the worm."));
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("create the image of a worm");
        foreach (string followUp in followUps)
        {
            _server.EnqueueChatJson(ChatCompletions.Reply("A worm, half red, half blue."));
            await conversation.SendAsync(followUp);
        }

        return (conversation, Assert.Single(conversation.Images));
    }

    /// <summary>The <c>image_url</c> parts of a chat request, in message order: (role, url, detail).</summary>
    private static List<(string Role, string Url, string? Detail)> ImagePartsOf(FakeOpenAIServer.RecordedRequest request)
    {
        List<(string, string, string?)> parts = [];
        foreach (JsonElement message in request.Json.GetProperty("messages").EnumerateArray())
        {
            if (message.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement part in content.EnumerateArray().Where(p => p.GetProperty("type").GetString() == "image_url"))
                {
                    JsonElement image = part.GetProperty("image_url");
                    parts.Add((
                        message.GetProperty("role").GetString()!,
                        image.GetProperty("url").GetString()!,
                        image.TryGetProperty("detail", out JsonElement detail) ? detail.GetString() : null));
                }
            }
        }

        return parts;
    }

    [Fact]
    public async Task A_follow_up_about_the_picture_carries_it_downscaled_at_low_detail_and_the_next_turn_does_not()
    {
        using IImageChatClient client = Build(b => b.UseImageVision());

        (IImageChatConversation conversation, ConversationImage worm) = await TalkAsync(client, "what is the picture?", "thanks, how are you?");

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> requests = _server.ChatRequests;
        Assert.Equal(4, requests.Count);
        Assert.Empty(ImagePartsOf(requests[0])); // no picture yet
        Assert.Empty(ImagePartsOf(requests[1])); // the turn asked for a new one: it did not refer to one the user had seen
        (string role, string url, string? detail) = Assert.Single(ImagePartsOf(requests[2]));
        Assert.Equal(("user", "low"), (role, detail));
        (string mediaType, SKBitmap picture) = VisionPictures.FromDataUrl(url);
        using (picture)
        {
            Assert.Equal(("image/png", 512, 384), (mediaType, picture.Width, picture.Height)); // 1024x768 scaled to a 512-pixel side
            Assert.Equal(SKColors.Red, picture.GetPixel(100, 200));
            Assert.Equal(SKColors.Blue, picture.GetPixel(400, 200));
        }

        // The user's words stay the first part of their message; the next turn, no question about the picture, sends none.
        JsonElement question = requests[2].Json.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("what is the picture?", question.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Empty(ImagePartsOf(requests[3]));
        Assert.All(
            requests[3].Json.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user"),
            user => Assert.Equal(JsonValueKind.String, user.GetProperty("content").ValueKind));

        // Bytes went to the request only: not the history, not the stored conversation, not the call log.
        Assert.Empty(conversation.History.SelectMany(m => m.Contents).OfType<DataContent>());
        string stored = await File.ReadAllTextAsync(Assert.Single(_conversations.Files("*.json")));
        string base64 = url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(base64[..64], stored, StringComparison.Ordinal);
        Assert.DoesNotContain("image_url", stored, StringComparison.Ordinal);
        string log = _callLog.ToString();
        Assert.DoesNotContain(base64[..64], log, StringComparison.Ordinal);
        int bytes = Convert.FromBase64String(base64).Length;
        Assert.Contains($$"""
                    "type": "image_url",
                    "data": "(image/png, {{bytes}} bytes, not logged)",
                    "detail": "low"
            """, log, StringComparison.Ordinal);
        Assert.Equal(worm, conversation.CurrentImage);
    }

    [Fact]
    public async Task Without_vision_no_request_carries_the_picture()
    {
        using IImageChatClient client = Build();

        await TalkAsync(client, "what is the picture?", "is it night in this picture?");

        Assert.Equal(4, _server.ChatRequests.Count);
        Assert.All(_server.ChatRequests, request => Assert.Empty(ImagePartsOf(request)));
    }

    [Fact]
    public async Task Always_every_request_after_an_image_carries_the_latest_one_as_saved_when_it_is_small_enough()
    {
        using IImageChatClient client = Build(b => b.UseImageVision(ImageVisionMode.Always, o => o.MaxSide = 1024));

        await TalkAsync(client, "thanks, how are you?");

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> requests = _server.ChatRequests;
        Assert.Empty(ImagePartsOf(requests[0]));
        foreach (FakeOpenAIServer.RecordedRequest request in requests.Skip(1)) // after the tool made it, and the next turn
        {
            (_, string url, string? detail) = Assert.Single(ImagePartsOf(request));
            Assert.Equal("low", detail);
            Assert.Equal(Worm, Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        }
    }

    [Fact]
    public async Task A_retried_request_is_sent_again_with_the_same_picture_read_once()
    {
        RecordingImageStore store = new(_images.Path);
        using IImageChatClient client = Build(b => b.UseImageVision().UseImageStore(store));
        (IImageChatConversation conversation, ConversationImage worm) = await TalkAsync(client);
        _server.EnqueueChat(FakeOpenAIServer.Json(503, FakeOpenAIServer.ErrorJson("Overloaded.", "server_error", null)));
        _server.EnqueueChatJson(ChatCompletions.Reply("A worm, half red, half blue."));

        await conversation.SendAsync("what is the picture?");

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> requests = _server.ChatRequests;
        Assert.Equal(4, requests.Count);
        Assert.Equal(requests[2].Body, requests[3].Body);
        Assert.Single(ImagePartsOf(requests[3]));
        Assert.Equal([worm.FileName], store.Reads);
    }
}
