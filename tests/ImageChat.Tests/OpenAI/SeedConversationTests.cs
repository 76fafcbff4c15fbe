using System.Text.Json;
using System.Text.Json.Nodes;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.OpenAI;

/// <summary>
/// The seed conversation end to end over real HTTP: the OpenAI provider against a loopback server that replays the
/// seed's seven responses. The requests must be the seed's, the images saved, the usage exact.
/// </summary>
public sealed class SeedConversationTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        _server.EnqueueSeed(Png);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _images.Dispose();

    private static async Task<IImageChatConversation> RunSeedAsync(IImageChatClient client)
    {
        IImageChatConversation conversation = client.StartConversation();
        foreach (string message in SeedLog.UserMessages)
        {
            await conversation.SendAsync(message);
        }

        return conversation;
    }

    private IImageChatClient BuildClient() =>
        new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test-key-never-sent-anywhere";
                o.Endpoint = _server.Endpoint;
            })
            .UseImageDirectory(_images.Path)
            .Build();

    [Fact]
    public async Task The_seed_conversation_sends_the_seed_requests()
    {
        using IImageChatClient client = BuildClient();

        await RunSeedAsync(client);

        Assert.Equal(7, _server.ChatRequests.Count);
        for (int i = 0; i < 7; i++)
        {
            JsonElement sent = _server.ChatRequests[i].Json;
            Assert.Equal("gpt-4o-mini", sent.GetProperty("model").GetString());
            Assert.Equal(
                WireMessages.Canonical(SeedLog.Calls[i].Messages),
                WireMessages.Canonical(sent.GetProperty("messages")));
        }
    }

    [Fact]
    public async Task The_history_keeps_no_provider_objects_but_the_models_own_arguments()
    {
        using IImageChatClient client = BuildClient();

        IImageChatConversation conversation = await RunSeedAsync(client);

        // The ChatCompletion and its parts are dropped at commit; the arguments stay as the model wrote them, and the
        // seed requests test above proves they are sent back so.
        Assert.All(conversation.History, message =>
        {
            Assert.Null(message.RawRepresentation);
            Assert.All(message.Contents, content => Assert.Null(content.RawRepresentation));
        });
        FunctionCallContent first = conversation.History.SelectMany(m => m.Contents).OfType<FunctionCallContent>().First();
        string seedArguments = SeedLog.Calls[0].Response.GetProperty("choices")[0].GetProperty("message")
            .GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!;
        Assert.Equal(seedArguments, ModelResponseProperties.GetRawArguments(first));
    }

    [Fact]
    public async Task The_seed_conversation_saves_three_images_and_counts_every_token()
    {
        using IImageChatClient client = BuildClient();

        IImageChatConversation conversation = await RunSeedAsync(client);

        Assert.Equal(3, _images.Files("generated_*.png").Length);
        Assert.All(conversation.Images, image => Assert.Equal(Png, File.ReadAllBytes(image.Location)));
        Assert.Equal(new TokenUsage(2784, 380), conversation.Usage.Chat);
        Assert.Equal(3164, conversation.Usage.Chat.TotalTokens);
        Assert.Equal(7, conversation.Usage.ModelCallCount);
        Assert.Equal(3, conversation.Usage.ImageCount);
        Assert.Equal(new TokenUsage(153, 3 * 4160), conversation.Usage.ImageTokens);

        string[] prompts = [.. _server.ImageRequests.Select(r => r.Json.GetProperty("prompt").GetString()!)];
        Assert.Equal(conversation.Images.Select(i => i.Description), prompts);
        Assert.All(_server.ImageRequests, r => Assert.Equal("gpt-image-1", r.Json.GetProperty("model").GetString()));
        Assert.StartsWith("A close-up of a worm", prompts[0], StringComparison.Ordinal);
        Assert.StartsWith("A majestic elephant", prompts[2], StringComparison.Ordinal);
    }
}
