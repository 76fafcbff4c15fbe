using ImageChat.Samples.Demo;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Samples;

public sealed class DemoChatClientTests
{
    private static readonly ChatOptions WithImageTool = new() { Tools = [AIFunctionFactory.Create((string description) => description, ImageChatDefaults.ImageToolName)] };

    private static readonly ChatOptions WithImageTools = new()
    {
        Tools =
        [
            AIFunctionFactory.Create((string description) => description, ImageChatDefaults.ImageToolName),
            AIFunctionFactory.Create((string description) => description, ImageChatDefaults.EditImageToolName),
        ],
    };

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

    [Theory]
    [InlineData("make it now an elephant", "A picture of an elephant in the moon.")]
    [InlineData("Change the wolf into a red cat!", "A picture of a red cat in the moon.")]
    [InlineData("could you turn it into two owls?", "A picture of two owls in the moon.")]
    [InlineData("make it red", "A picture of a wolf in the moon, now red.")]
    public async Task A_change_to_the_picture_edits_it_with_a_description_of_the_whole_edited_picture(string request, string description)
    {
        Assert.Equal((ImageChatDefaults.EditImageToolName, description), await ToolCallAsync(AfterTheWolf(request), WithImageTools));
    }

    [Fact]
    public async Task The_edited_subject_is_the_one_the_user_names_and_the_rest_of_the_description_stays()
    {
        Assert.Equal(
            (ImageChatDefaults.EditImageToolName, "A picture of a grey wolf and a house in the snow."),
            await ToolCallAsync(After("A picture of a grey wolf and a tree in the snow.", "replace the tree with a house"), WithImageTools));
    }

    [Fact]
    public async Task Without_edit_image_a_change_generates_the_changed_picture()
    {
        Assert.Equal((ImageChatDefaults.ImageToolName, "A picture of an elephant in the moon."), await ToolCallAsync(AfterTheWolf("make it now an elephant"), WithImageTool));
    }

    [Fact]
    public async Task Before_any_picture_make_it_draws_a_new_one()
    {
        Assert.Equal((ImageChatDefaults.ImageToolName, "A picture of an elephant."), await ToolCallAsync([new(ChatRole.User, "make it now an elephant")], WithImageTools));
    }

    [Fact]
    public async Task Asked_about_the_picture_after_an_edit_it_describes_the_edited_one()
    {
        using DemoChatClient client = new();
        ChatMessage[] history =
        [
            .. AfterTheWolf("make it now an elephant"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_2", ImageChatDefaults.EditImageToolName, new Dictionary<string, object?> { ["description"] = "A picture of an elephant in the moon." })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", "saved")]),
            new(ChatRole.Assistant, "done"),
            new(ChatRole.User, "what is the picture?"),
        ];

        ChatResponse response = await client.GetResponseAsync(history, WithImageTools);

        Assert.Equal("(demo model) The picture shows: A picture of an elephant in the moon.", response.Text);
    }

    /// <summary>The one tool call the demo answers <paramref name="history"/> with: the tool and its description.</summary>
    private static async Task<(string Tool, object? Description)> ToolCallAsync(ChatMessage[] history, ChatOptions options)
    {
        using DemoChatClient client = new();
        ChatResponse response = await client.GetResponseAsync(history, options);
        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        return (call.Name, call.Arguments!["description"]);
    }

    /// <summary>The first turn drew "A picture of a wolf in the moon."; the user now says <paramref name="request"/>.</summary>
    private static ChatMessage[] AfterTheWolf(string request) => After("A picture of a wolf in the moon.", request);

    /// <summary>The first turn drew <paramref name="description"/>; the user now says <paramref name="request"/>.</summary>
    private static ChatMessage[] After(string description, string request) =>
    [
        new(ChatRole.User, "paint a picture"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", ImageChatDefaults.ImageToolName, new Dictionary<string, object?> { ["description"] = description })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", "saved")]),
        new(ChatRole.Assistant, "done"),
        new(ChatRole.User, request),
    ];

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
