using ImageChat.Samples.Demo;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Samples;

public sealed class DemoChatClientTests
{
    private static readonly ChatOptions WithImageTool = new() { Tools = [AIFunctionFactory.Create((string description) => description, ImageChatDefaults.ImageToolName)] };

    [Theory]
    [InlineData("create the image of a worm", "A picture of a worm.")]
    [InlineData("paint now a wolf in the moon", "A picture of a wolf in the moon.")]
    [InlineData("Please draw me a cat!", "A picture of a cat.")]
    public async Task A_request_for_a_picture_calls_generate_image(string request, string description)
    {
        using DemoChatClient client = new();

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.User, request)], WithImageTool);

        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal(ImageChatDefaults.ImageToolName, call.Name);
        Assert.Equal(description, call.Arguments!["description"]);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Make_it_changes_the_previous_picture()
    {
        using DemoChatClient client = new();
        ChatMessage[] history =
        [
            new(ChatRole.User, "paint now a wolf in the moon"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", ImageChatDefaults.ImageToolName, new Dictionary<string, object?> { ["description"] = "A picture of a wolf in the moon." })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "saved")]),
            new(ChatRole.Assistant, "done"),
            new(ChatRole.User, "make it now an elephant"),
        ];

        ChatResponse response = await client.GetResponseAsync(history, WithImageTool);

        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("An elephant, in place of the subject of the previous picture (A picture of a wolf in the moon).", call.Arguments!["description"]);
    }

    [Fact]
    public async Task It_says_it_is_a_demo_and_draws_nothing_without_the_tool()
    {
        using DemoChatClient client = new();

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.User, "create the image of a worm")]);

        Assert.StartsWith("(demo model) I am ImageChat's offline demo model, not a real AI.", response.Text, StringComparison.Ordinal);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Asked_about_the_picture_before_any_it_says_there_is_none()
    {
        using DemoChatClient client = new();

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.User, "what is the picture?")], WithImageTool);

        Assert.Equal("(demo model) There is no picture in this conversation yet. Ask me for one, for example \"create the image of a worm\".", response.Text);
    }

    [Fact]
    public async Task Streamed_the_reply_comes_a_word_at_a_time_and_adds_up_to_the_buffered_answer()
    {
        using DemoChatClient client = new();
        ChatMessage[] history = [new(ChatRole.User, "what is the picture?")];

        ChatResponse buffered = await client.GetResponseAsync(history, WithImageTool);
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(history, WithImageTool))
        {
            updates.Add(update);
        }

        Assert.Equal(["(demo ", "model) ", "There ", "is "], updates.Take(4).Select(u => u.Text));
        Assert.Equal(buffered.Text, updates.ToChatResponse().Text);
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task Streamed_a_picture_request_is_one_complete_tool_call()
    {
        using DemoChatClient client = new();

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new(ChatRole.User, "create the image of a worm")], WithImageTool))
        {
            updates.Add(update);
        }

        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(Assert.Single(updates).Contents));
        Assert.Equal("A picture of a worm.", call.Arguments!["description"]);
    }
}
