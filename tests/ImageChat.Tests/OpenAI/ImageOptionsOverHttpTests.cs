using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.OpenAI;

/// <summary>
/// Per-request rendering choices over real HTTP with the OpenAI provider: the tools offer the values the configured image
/// model accepts (opt-in), the request to the image model carries what the chat model chose, a value the model does not
/// accept is told to the chat model and never sent, and dall-e-3's revised prompt reaches the tool result.
/// </summary>
public sealed class ImageOptionsOverHttpTests : IAsyncLifetime, IDisposable
{
    // The RIFF/WEBP signature: enough for ImageChat to know the bytes as WebP.
    private static readonly byte[] WebP = [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8 "u8];
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(string imageModel = "gpt-image-1", ImageToolParameters parameters = ImageToolParameters.All, Action<OpenAIImageChatOptions>? configure = null, FakeLogCollector? logs = null)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test";
                o.Endpoint = _server.Endpoint;
                o.ImageModel = imageModel;
                configure?.Invoke(o);
            })
            .Configure(o => o.ImageToolParameters = parameters)
            .UseImageDirectory(_images.Path);
        if (logs is not null)
        {
            builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        }

        return builder.Build();
    }

    private static JsonNode ToolSchema(FakeOpenAIServer.RecordedRequest request, string tool) =>
        JsonNode.Parse(request.Body)!["tools"]!.AsArray().Single(t => (string?)t!["function"]!["name"] == tool)!["function"]!["parameters"]!;

    private static string LastToolResult(FakeOpenAIServer server) =>
        server.ChatRequests[^1].Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;

    [Fact]
    public async Task Opted_in_the_tools_offer_gpt_image_1s_values_with_the_schema_AIFunctionFactory_makes()
    {
        using IImageChatClient client = Build();
        _server.EnqueueChatJson(ChatCompletions.Reply("Hello."));

        await client.StartConversation().SendAsync("hi");

        static string Described(string what, string values) => $"{what}: one of {values}. Leave it out unless the user asks for it; the default suits most pictures.";
        JsonNode choices = new JsonObject
        {
            ["size"] = new JsonObject { ["description"] = Described("The size of the image in pixels, width x height", "1024x1024, 1536x1024, 1024x1536, auto"), ["type"] = new JsonArray("string", "null"), ["default"] = null },
            ["quality"] = new JsonObject { ["description"] = Described("The rendering quality", "low, medium, high, auto"), ["type"] = new JsonArray("string", "null"), ["default"] = null },
            ["output_format"] = new JsonObject { ["description"] = Described("The file format", "png, jpeg, webp"), ["type"] = new JsonArray("string", "null"), ["default"] = null },
            ["background"] = new JsonObject { ["description"] = Described("The background", "transparent, opaque, auto"), ["type"] = new JsonArray("string", "null"), ["default"] = null },
        };
        JsonObject generate = new()
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["description"] = new JsonObject { ["description"] = ImageChatDefaults.ImageToolParameterDescription, ["type"] = "string" } },
            ["required"] = new JsonArray("description"),
            ["additionalProperties"] = false,
        };
        foreach ((string name, JsonNode? schema) in choices.AsObject())
        {
            generate["properties"]![name] = schema!.DeepClone();
        }

        JsonNode sent = ToolSchema(Assert.Single(_server.ChatRequests), ImageChatDefaults.ImageToolName);
        Assert.True(JsonNode.DeepEquals(generate, sent), sent.ToJsonString());
        Assert.Equal(
            ["description", "image", "size", "quality", "output_format", "background"],
            ToolSchema(_server.ChatRequests[0], ImageChatDefaults.EditImageToolName)["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Only_the_choices_opted_in_and_declared_by_the_model_are_offered()
    {
        using IImageChatClient client = Build("dall-e-3", ImageToolParameters.Size | ImageToolParameters.Background);
        _server.EnqueueChatJson(ChatCompletions.Reply("Hello."));

        await client.StartConversation().SendAsync("hi");

        // dall-e-3 has no background to choose, and quality was not opted in.
        JsonNode size = ToolSchema(Assert.Single(_server.ChatRequests), ImageChatDefaults.ImageToolName)["properties"]!;
        Assert.Equal(["description", "size"], size.AsObject().Select(p => p.Key));
        Assert.Equal(
            "The size of the image in pixels, width x height: one of 1024x1024, 1792x1024, 1024x1792. Leave it out unless the user asks for it; the default suits most pictures.",
            (string?)size["size"]!["description"]);
    }

    [Fact]
    public async Task A_wide_webp_with_a_transparent_background_is_asked_for_and_saved_as_webp()
    {
        using IImageChatClient client = Build(configure: o => o.ImageQuality = "low");
        string arguments = JsonSerializer.Serialize(new { description = "A banner of a fox.", size = "1536x1024", output_format = "WebP", background = "transparent" });
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_banner", ImageChatDefaults.ImageToolName, arguments)));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the banner."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(WebP));

        ChatTurnResult turn = await client.StartConversation().SendAsync("a wide banner of a fox, transparent background, as webp");

        // The model's choices, spelled as the API spells them; the quality it left out is the configured default.
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A banner of a fox.", "model": "gpt-image-1", "n": 1, "size": "1536x1024", "quality": "low", "output_format": "webp", "background": "transparent" }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)),
            _server.ImageRequests[0].Body);
        ConversationImage banner = Assert.Single(turn.Images);
        Assert.Equal(ImageMediaType.WebP, banner.MediaType);
        Assert.EndsWith(".webp", banner.FileName, StringComparison.Ordinal);
        Assert.Equal(WebP, await File.ReadAllBytesAsync(banner.Location));
    }

    [Theory]
    [InlineData("size", "1792x1024", "1024x1024, 1536x1024, 1024x1536, auto")]
    [InlineData("quality", "hd", "low, medium, high, auto")]
    [InlineData("output_format", "gif", "png, jpeg, webp")]
    [InlineData("background", "green", "transparent, opaque, auto")]
    public async Task A_value_the_image_model_does_not_accept_is_told_to_the_chat_model_and_never_sent(string parameter, string value, string allowed)
    {
        using IImageChatClient client = Build();
        string arguments = new JsonObject { ["description"] = "A fox.", [parameter] = value }.ToJsonString();
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_fox", ImageChatDefaults.ImageToolName, arguments)));
        _server.EnqueueChatJson(ChatCompletions.Reply("That size is not possible."));

        ChatTurnResult turn = await client.StartConversation().SendAsync("a fox");

        Assert.Empty(_server.ImageRequests);
        Assert.Empty(turn.Images);
        Assert.Equal(
            $"Error: {parameter} '{value}' is not one this image model accepts; the allowed values are {allowed}. Call generate_image again with one of them, or without {parameter}. No image was generated.",
            LastToolResult(_server));
    }

    [Fact]
    public async Task Without_the_opt_in_a_choice_the_model_sends_anyway_is_ignored()
    {
        using IImageChatClient client = Build(parameters: ImageToolParameters.None);
        string arguments = JsonSerializer.Serialize(new { description = "A fox.", size = "1792x1024" });
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_fox", ImageChatDefaults.ImageToolName, arguments)));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the fox."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(TestImageGenerator.PngBytes));

        await client.StartConversation().SendAsync("a fox");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A fox.", "model": "gpt-image-1", "n": 1 }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)));
    }

    [Fact]
    public async Task An_edit_carries_the_choices_in_its_form()
    {
        using IImageChatClient client = Build(configure: o => o.ImageBackground = "opaque");
        _server.EnqueueChatJson(ChatCompletions.ImageCall("call_wolf", "A wolf."));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the wolf."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(TestImageGenerator.PngBytes));
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("a wolf");
        string arguments = JsonSerializer.Serialize(new { description = "The wolf, as a portrait.", size = "1024x1536", output_format = "jpeg" });
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_edit", ImageChatDefaults.EditImageToolName, arguments)));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the portrait."));
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson([0xFF, 0xD8, 0xFF, 0xE0]));

        ChatTurnResult turn = await conversation.SendAsync("make it a portrait, as jpeg");

        FakeOpenAIServer.RecordedRequest edit = Assert.Single(_server.EditRequests);
        Dictionary<string, string> fields = (await MultipartForm.ReadAsync(edit)).ToDictionary(
            p => p.Key, p => p.Key == "image" ? "(image)" : Encoding.UTF8.GetString(p.Value.Data));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["image"] = "(image)",
                ["prompt"] = "The wolf, as a portrait.",
                ["model"] = "gpt-image-1",
                ["size"] = "1024x1536",
                ["output_format"] = "jpeg",
                ["background"] = "opaque",
            },
            fields);
        Assert.EndsWith(".jpg", Assert.Single(turn.Images).FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dalle3s_revised_prompt_is_kept_told_to_the_chat_model_and_logged_at_trace_only()
    {
        const string Revised = "A photorealistic red fox sitting in fresh snow at dawn.";
        FakeLogCollector logs = new();
        using IImageChatClient client = Build("dall-e-3", logs: logs);
        string arguments = JsonSerializer.Serialize(new { description = "A fox in the snow.", quality = "hd" });
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(("call_fox", ImageChatDefaults.ImageToolName, arguments)));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here is the fox."));
        Uri url = _server.ServeFile("fox.png", TestImageGenerator.PngBytes);
        _server.EnqueueImageJson($$"""{ "created": 1754292100, "data": [ { "url": "{{url}}", "revised_prompt": "{{Revised}}" } ] }""");

        ChatTurnResult turn = await client.StartConversation().SendAsync("a fox in the snow, in HD");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "A fox in the snow.", "model": "dall-e-3", "n": 1, "quality": "hd" }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)));
        ConversationImage fox = Assert.Single(turn.Images);
        Assert.Equal(Revised, fox.RevisedPrompt);
        Assert.Equal(
            $"Image generated successfully and saved to {fox.FileName}. Description: A fox in the snow. The image model drew it from its revised prompt: {Revised}",
            LastToolResult(_server));
        Assert.All(
            logs.GetSnapshot().Where(r => r.Message.Contains(Revised, StringComparison.Ordinal)),
            r => Assert.Equal(LogLevel.Trace, r.Level));
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2008 && r.Message == $"The image model revised the prompt of {fox.FileName}: {Revised}");
    }

    [Theory]
    [InlineData("gpt-image-1", "ImageSize", "1792x1024", "ImageChat:OpenAI:ImageSize is '1792x1024', which gpt-image-1 does not accept: use one of 1024x1024, 1536x1024, 1024x1536, auto.")]
    [InlineData("dall-e-3", "ImageQuality", "high", "ImageChat:OpenAI:ImageQuality is 'high', which dall-e-3 does not accept: use one of standard, hd.")]
    [InlineData("dall-e-3", "ImageBackground", "transparent", "ImageChat:OpenAI:ImageBackground is 'transparent', but dall-e-3 takes no such setting: remove it, or choose an image model that does (gpt-image-1).")]
    [InlineData("gpt-image-1", "ImageOutputFormat", "gif", "ImageChat:OpenAI:ImageOutputFormat is 'gif', which gpt-image-1 does not accept: use one of png, jpeg, webp.")]
    public void A_default_the_image_model_does_not_accept_fails_at_start_naming_its_key(string imageModel, string setting, string value, string message)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = "sk-test",
            ["ImageModel"] = imageModel,
            [setting] = value,
        }).Build();

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => new ImageChatBuilder().UseOpenAI(configuration).Build());

        Assert.Equal([message], failure.Failures);
    }

    [Fact]
    public void A_model_OpenAI_does_not_document_takes_any_default_and_offers_no_choice()
    {
        ServiceCollection services = new();
        services.AddImageChat().Configure(o => o.ImageToolParameters = ImageToolParameters.All).UseOpenAI(o =>
        {
            o.ApiKey = "sk-test";
            o.ImageModel = "my-local-diffusion";
            o.ImageSize = "768x768";
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal("768x768", provider.GetRequiredService<IOptions<OpenAIImageChatOptions>>().Value.ImageSize);
        Assert.Same(ImageGenerationCapabilities.None, provider.GetRequiredService<ITextToImageGenerator>().Capabilities);
        Assert.DoesNotContain(
            provider.GetRequiredService<IToolRegistry>().Tools.OfType<AIFunction>(),
            tool => tool.JsonSchema.GetProperty("properties").TryGetProperty("size", out _));
    }
}
