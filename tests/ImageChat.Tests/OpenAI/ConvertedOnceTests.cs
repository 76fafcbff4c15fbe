using System.ClientModel;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ImageChat.Tests.OpenAI;

/// <summary>
/// The OpenAI provider converts each tool, and the system prompt, once rather than once per request: whatever the options
/// and the system message, the request it sends is byte for byte the one Microsoft.Extensions.AI's adapter sends on its own.
/// </summary>
public sealed class ConvertedOnceTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        ServiceCollection services = new();
        services.AddImageChat().UseOpenAI(o =>
        {
            o.ApiKey = "sk-test";
            o.Endpoint = _server.Endpoint;
        });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("tools", "\"tool_choice\":\"auto\"")]
    [InlineData("required", "\"tool_choice\":\"required\"")]
    [InlineData("none", "\"tool_choice\":\"none\"")]
    [InlineData("one function", "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"edit_image\"}}")]
    [InlineData("single calls", "\"parallel_tool_calls\":false")]
    [InlineData("strict for all", "\"strict\":true")]
    [InlineData("strict tool", "\"strict\":true")]
    [InlineData("app options", "\"name\":\"app_tool\"")]
    [InlineData("web search", "\"web_search_options\":{}")]
    [InlineData("no tools", "\"messages\":[")]
    public async Task A_request_is_byte_for_byte_what_the_adapter_alone_sends(string variant, string shows)
    {
        IChatClient imageChat = _services.GetRequiredKeyedService<IChatClient>(ImageChatServiceKeys.ChatModel);
        IChatClient adapter = Adapter();
        ChatMessage[] messages = [new(ChatRole.System, ImageChatDefaults.SystemPrompt), new(ChatRole.User, "create the image of a worm")];

        for (int i = 0; i < 2; i++) // The second request uses the converted tools of the first.
        {
            _server.EnqueueChatJson(SeedLog.Calls[6].ResponseJson).EnqueueChatJson(SeedLog.Calls[6].ResponseJson);
            await imageChat.GetResponseAsync(messages, Options(variant));
            await adapter.GetResponseAsync(messages, Options(variant));
        }

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> sent = _server.ChatRequests;
        Assert.Equal(4, sent.Count);
        Assert.Equal(sent[1].Body, sent[0].Body);
        Assert.Equal(sent[1].Body, sent[2].Body);
        Assert.Equal(sent[3].Body, sent[2].Body);
        Assert.Contains(shows, sent[0].Body, StringComparison.Ordinal); // The variant is what it says.
        Assert.Equal(variant != "no tools", sent[0].Body.Contains("\"name\":\"generate_image\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_changed_between_two_requests_are_sent_as_they_are_now()
    {
        IChatClient imageChat = _services.GetRequiredKeyedService<IChatClient>(ImageChatServiceKeys.ChatModel);
        IChatClient adapter = Adapter();
        ChatMessage[] messages = [new(ChatRole.System, ImageChatDefaults.SystemPrompt), new(ChatRole.User, "create the image of a worm")];
        ChatOptions options = Options("tools");
        _server.EnqueueChatJson(SeedLog.Calls[6].ResponseJson).EnqueueChatJson(SeedLog.Calls[6].ResponseJson).EnqueueChatJson(SeedLog.Calls[6].ResponseJson);

        await imageChat.GetResponseAsync(messages, options);
        options.Tools!.RemoveAt(1); // The same options instance, now without edit_image and with a temperature.
        options.Temperature = 0.5f;
        await imageChat.GetResponseAsync(messages, options);
        await adapter.GetResponseAsync(messages, options);

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> sent = _server.ChatRequests;
        Assert.Contains("\"name\":\"edit_image\"", sent[0].Body, StringComparison.Ordinal);
        Assert.Equal(sent[2].Body, sent[1].Body);
        Assert.DoesNotContain("\"name\":\"edit_image\"", sent[1].Body, StringComparison.Ordinal);
        Assert.Contains("\"temperature\":0.5", sent[1].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default prompt")]
    [InlineData("own prompt")]
    [InlineData("escaped prompt")]
    [InlineData("author name")]
    [InlineData("two parts")]
    [InlineData("no system message")]
    public async Task A_system_message_is_sent_byte_for_byte_as_the_adapter_alone_sends_it(string variant)
    {
        IChatClient imageChat = _services.GetRequiredKeyedService<IChatClient>(ImageChatServiceKeys.ChatModel);
        IChatClient adapter = Adapter();
        ChatMessage[] messages = [.. SystemMessages(variant), new(ChatRole.User, "create the image of a worm")];

        for (int i = 0; i < 2; i++) // The second request sends the prompt converted for the first.
        {
            _server.EnqueueChatJson(SeedLog.Calls[6].ResponseJson).EnqueueChatJson(SeedLog.Calls[6].ResponseJson);
            await imageChat.GetResponseAsync(messages, Options("tools"));
            await adapter.GetResponseAsync(messages, Options("tools"));
        }

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> sent = _server.ChatRequests;
        Assert.Equal(sent[1].Body, sent[0].Body);
        Assert.Equal(sent[3].Body, sent[2].Body);
        Assert.Equal(sent[0].Body, sent[2].Body);
        Assert.Equal(variant != "no system message", sent[0].Body.Contains("\"role\":\"system\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Conversations_with_different_system_prompts_each_send_their_own_even_at_once()
    {
        IChatClient imageChat = _services.GetRequiredKeyedService<IChatClient>(ImageChatServiceKeys.ChatModel);
        string[] prompts = ["You paint in watercolours.", "You paint in oils.", ImageChatDefaults.SystemPrompt];
        for (int i = 0; i < 30; i++)
        {
            _server.EnqueueChatJson(SeedLog.Calls[6].ResponseJson);
        }

        // One after another (each replaces the converted prompt), then all at once.
        foreach (string prompt in prompts)
        {
            await imageChat.GetResponseAsync([new(ChatRole.System, prompt), new(ChatRole.User, prompt.Length.ToString(CultureInfo.InvariantCulture))]);
        }

        await Task.WhenAll(Enumerable.Range(0, 27).Select(i => imageChat.GetResponseAsync(
            [new(ChatRole.System, prompts[i % 3]), new(ChatRole.User, prompts[i % 3].Length.ToString(CultureInfo.InvariantCulture))])));

        IReadOnlyList<FakeOpenAIServer.RecordedRequest> sent = _server.ChatRequests;
        Assert.Equal(30, sent.Count);
        List<string> sentPrompts = [];
        foreach (FakeOpenAIServer.RecordedRequest request in sent)
        {
            using JsonDocument body = JsonDocument.Parse(request.Body);
            JsonElement wire = body.RootElement.GetProperty("messages");
            string prompt = wire[0].GetProperty("content").GetString()!;
            Assert.Equal(wire[1].GetProperty("content").GetString(), prompt.Length.ToString(CultureInfo.InvariantCulture));
            sentPrompts.Add(prompt);
        }

        Assert.Equal(prompts, sentPrompts.Take(3));
    }

    private static ChatMessage[] SystemMessages(string variant) => variant switch
    {
        "default prompt" => [new(ChatRole.System, ImageChatDefaults.SystemPrompt)],
        "own prompt" => [new(ChatRole.System, "You draw only cats.")],
        "escaped prompt" => [new(ChatRole.System, "Say \"ja\" <b>or</b> 'nein' — naïvely, \\ and\n\ttabs.")],
        "author name" => [new(ChatRole.System, "You draw only cats.") { AuthorName = "house_rules" }],
        "two parts" => [new(ChatRole.System, [new TextContent("You draw only cats. "), new TextContent("Never dogs.")])],
        _ => [],
    };

    private IChatClient Adapter() => new OpenAIClient(new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = _server.Endpoint })
        .GetChatClient(OpenAIImageChatOptions.DefaultChatModel).AsIChatClient();

    private ChatOptions Options(string variant)
    {
        List<AITool> tools = [.. _services.GetRequiredService<IToolRegistry>().Tools];
        return variant switch
        {
            "tools" => new ChatOptions { Tools = tools },
            "required" => new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireAny },
            "none" => new ChatOptions { Tools = tools, ToolMode = ChatToolMode.None },
            "one function" => new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireSpecific(ImageChatDefaults.EditImageToolName) },
            "single calls" => new ChatOptions { Tools = tools, AllowMultipleToolCalls = false },
            "strict for all" => new ChatOptions { Tools = tools, AdditionalProperties = new() { ["strict"] = true } },
            "strict tool" => new ChatOptions { Tools = [.. tools, AIFunctionFactory.Create(Weather, new AIFunctionFactoryOptions { AdditionalProperties = new Dictionary<string, object?> { ["strict"] = true } })] },
            "app options" => new ChatOptions
            {
                Tools = tools,
                RawRepresentationFactory = _ => new ChatCompletionOptions
                {
                    Temperature = 0.25f,
                    Tools = { ChatTool.CreateFunctionTool("app_tool", "The app's own tool.", BinaryData.FromString("""{"type":"object","properties":{}}""")) },
                },
            },
            "web search" => new ChatOptions { Tools = [.. tools, new HostedWebSearchTool()] },
            _ => new ChatOptions(),
        };
    }

    [Description("Tells the weather of a city.")]
    private static string Weather([Description("The city.")] string city) => $"Sunny in {city}.";
}
