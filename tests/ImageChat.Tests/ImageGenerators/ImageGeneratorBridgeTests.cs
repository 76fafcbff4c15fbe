#pragma warning disable MEAI001, OPENAI001 // Microsoft.Extensions.AI's image generation (and its OpenAI adapter) is experimental: the bridge under test is built on it.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Drawing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ImageChat.Tests.ImageGenerators;

/// <summary>
/// A Microsoft.Extensions.AI <see cref="IImageGenerator"/> serving ImageChat through <c>UseImageGenerator(IImageGenerator)</c>:
/// with a recording generator, what ImageChat asks of it and what it keeps of the answer; with Microsoft.Extensions.AI's
/// own OpenAI generator over loopback HTTP, that a real provider makes and edits images through the bridge.
/// </summary>
public sealed class ImageGeneratorBridgeTests : IDisposable
{
    private static readonly ImageGenerationCapabilities Declared = new()
    {
        Sizes = ["1024x1024", "1536x1024", "auto"],
        Qualities = ["low", "high"],
        MediaTypes = [ImageMediaType.Png, ImageMediaType.WebP],
        Backgrounds = ["transparent"],
    };

    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(IChatClient chat, IImageGenerator generator, ImageGenerationCapabilities? capabilities = null) =>
        new ImageChatBuilder()
            .UseChatClient(chat)
            .UseImageGenerator(generator, capabilities)
            .UseImageDirectory(_images.Path)
            .Configure(o => o.ImageToolParameters = ImageToolParameters.All)
            .Build();

    private static ChatResponse Call(string callId, string tool, object arguments) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments)))]));

    [Fact]
    public async Task A_generation_asks_for_one_image_with_the_choices_and_keeps_its_bytes_usage_and_model()
    {
        RecordingImageGenerator generator = new();
        TestChatClient chat = TestChatClient.Scripted(
            _ => Call("call_fox", ImageChatDefaults.ImageToolName, new { description = "A fox.", size = "1536x1024", quality = "high", output_format = "webp", background = "transparent" }),
            _ => TestChatClient.Reply("Here is the fox."));
        using IImageChatClient client = Build(chat, generator, Declared);

        ChatTurnResult turn = await client.StartConversation().SendAsync("a wide fox, transparent, as webp");

        (ImageGenerationRequest request, ImageGenerationOptions? options) = Assert.Single(generator.Calls);
        Assert.Equal("A fox.", request.Prompt);
        Assert.Null(request.OriginalImages);
        Assert.NotNull(options);
        Assert.Equal(1, options.Count);
        Assert.Equal(new Size(1536, 1024), options.ImageSize);
        Assert.Equal(ImageMediaType.WebP, options.MediaType);
        Assert.Equal(new Dictionary<string, object?> { ["quality"] = "high", ["background"] = "transparent" }, options.AdditionalProperties);
        ConversationImage fox = Assert.Single(turn.Images);
        Assert.Equal(RecordingImageGenerator.Png, await File.ReadAllBytesAsync(fox.Location));
        Assert.Equal(new TokenUsage(40, 4160), fox.Usage);
        Assert.Equal("recording-image-1", fox.ModelId);
    }

    [Fact]
    public async Task An_edit_sends_the_parent_as_the_original_image_and_records_the_lineage()
    {
        RecordingImageGenerator generator = new();
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_wolf", "A wolf."),
            _ => TestChatClient.Reply("Here is the wolf."),
            _ => TestChatClient.EditCall("call_elephant", "An elephant."),
            _ => TestChatClient.Reply("Here is the elephant."));
        using IImageChatClient client = Build(chat, generator);
        IImageChatConversation conversation = client.StartConversation();
        ConversationImage wolf = Assert.Single((await conversation.SendAsync("a wolf")).Images);

        ConversationImage elephant = Assert.Single((await conversation.SendAsync("make it now an elephant")).Images);

        (ImageGenerationRequest request, ImageGenerationOptions? options) = generator.Calls[1];
        Assert.Equal("An elephant.", request.Prompt);
        DataContent original = Assert.IsType<DataContent>(Assert.Single(request.OriginalImages!));
        Assert.Equal(await File.ReadAllBytesAsync(wolf.Location), original.Data.ToArray());
        Assert.Equal(ImageMediaType.Png, original.MediaType);
        Assert.Equal(wolf.FileName, original.Name);
        Assert.Null(options!.ImageSize);
        Assert.Equal(wolf.FileName, elephant.ParentFileName);
    }

    [Fact]
    public async Task Without_declared_capabilities_no_choice_is_offered()
    {
        ChatOptions? offered = null;
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = (_, options, _) =>
            {
                offered = options;
                return Task.FromResult(TestChatClient.Reply("Hello."));
            },
        };
        using IImageChatClient client = Build(chat, new RecordingImageGenerator());

        await client.StartConversation().SendAsync("hi");

        AIFunction generate = offered!.Tools!.OfType<AIFunction>().Single(t => t.Name == ImageChatDefaults.ImageToolName);
        Assert.Equal(["description"], generate.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_generator_that_answers_with_a_link_is_an_invalid_response_that_says_how_to_ask_for_bytes()
    {
        RecordingImageGenerator generator = new() { Answer = new ImageGenerationResponse([new UriContent("https://files.example/fox.png", "image/png")]) };
        TestChatClient chat = TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_fox", "A fox."), _ => TestChatClient.Reply("It failed."));
        using IImageChatClient client = new ImageChatBuilder()
            .UseChatClient(chat)
            .UseImageGenerator(generator)
            .UseImageDirectory(_images.Path)
            .Configure(o => o.ImageFailureHandling = ImageFailureHandling.FailTurn)
            .Build();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => client.StartConversation().SendAsync("a fox"));

        Assert.Equal(ModelCallFailureKind.InvalidResponse, failure.Kind);
        Assert.Equal(
            "The image generator answered with a link, not the image's bytes: ask it for them (generator.AsBuilder().ConfigureOptions(o => o.ResponseFormat = ImageGenerationResponseFormat.Data).Build()).",
            failure.Message);
    }

    [Fact]
    public async Task Microsoft_Extensions_AIs_OpenAI_generator_makes_and_edits_images_over_http_through_the_bridge()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync();
        OpenAIClient openAI = new(new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = server.Endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
        IImageGenerator generator = openAI.GetImageClient("gpt-image-1").AsIImageGenerator();
        using IImageChatClient client = new ImageChatBuilder()
            .UseChatClient(openAI.GetChatClient("gpt-4o-mini").AsIChatClient())
            .UseImageGenerator(generator, new ImageGenerationCapabilities { Sizes = ["1024x1024", "1536x1024"], MediaTypes = [ImageMediaType.Png, ImageMediaType.Jpeg] })
            .UseImageDirectory(_images.Path)
            .Configure(o => o.ImageToolParameters = ImageToolParameters.All)
            .Build();
        byte[] wolfPng = TestImageEditor.PngFor("wolf");
        byte[] elephantPng = TestImageEditor.PngFor("elephant");
        server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_wolf", ImageChatDefaults.ImageToolName, JsonSerializer.Serialize(new { description = "A wolf.", size = "1536x1024" }))));
        server.EnqueueChatJson(ChatCompletions.Reply("Here is the wolf."));
        server.EnqueueImageJson(FakeOpenAIServer.ImageJson(wolfPng, inputTokens: 12, outputTokens: 4160));
        server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_elephant", ImageChatDefaults.EditImageToolName, JsonSerializer.Serialize(new { description = "An elephant." }))));
        server.EnqueueChatJson(ChatCompletions.Reply("Here is the elephant."));
        server.EnqueueImageJson(FakeOpenAIServer.ImageJson(elephantPng));
        IImageChatConversation conversation = client.StartConversation();

        ConversationImage wolf = Assert.Single((await conversation.SendAsync("a wide wolf")).Images);
        ConversationImage elephant = Assert.Single((await conversation.SendAsync("make it now an elephant")).Images);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A wolf.", "model": "gpt-image-1", "n": 1, "size": "1536x1024" }"""),
            JsonNode.Parse(Assert.Single(server.ImageRequests).Body)),
            server.ImageRequests[0].Body);
        Assert.Equal(wolfPng, await File.ReadAllBytesAsync(wolf.Location));
        Assert.Equal(new TokenUsage(12, 4160), wolf.Usage);
        Assert.Equal("gpt-image-1", wolf.ModelId);

        Dictionary<string, (string? ContentType, string? FileName, byte[] Data)> form = await MultipartForm.ReadAsync(Assert.Single(server.EditRequests));
        Assert.Equal(wolfPng, form["image"].Data);
        Assert.Equal(wolf.FileName, form["image"].FileName);
        Assert.Equal("An elephant.", Encoding.UTF8.GetString(form["prompt"].Data));
        Assert.Equal("gpt-image-1", Encoding.UTF8.GetString(form["model"].Data));
        Assert.Equal(elephantPng, await File.ReadAllBytesAsync(elephant.Location));
        Assert.Equal(wolf.FileName, elephant.ParentFileName);
        Assert.Equal(new TokenUsage(12 + 50, 2 * 4160), conversation.Usage.ImageTokens);
    }

    /// <summary>An <see cref="IImageGenerator"/> that records what it is asked and answers with one PNG, usage and model metadata.</summary>
    private sealed class RecordingImageGenerator : IImageGenerator
    {
        public static readonly byte[] Png = TestImageEditor.PngFor("recorded");

        public List<(ImageGenerationRequest Request, ImageGenerationOptions? Options)> Calls { get; } = [];

        public ImageGenerationResponse? Answer { get; init; }

        public Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls.Add((request, options));
            return Task.FromResult(Answer ?? new ImageGenerationResponse([new DataContent(Png, ImageMediaType.Png)])
            {
                Usage = new UsageDetails { InputTokenCount = 40, OutputTokenCount = 4160 },
            });
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ImageGeneratorMetadata) ? new ImageGeneratorMetadata("recording", defaultModelId: "recording-image-1") : null;

        public void Dispose()
        {
        }
    }
}
