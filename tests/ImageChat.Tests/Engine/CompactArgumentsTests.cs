using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Engine;

/// <summary>
/// The history keeps a tool call's arguments in <see cref="CompactArguments"/>; whoever reads them through
/// <see cref="IDictionary{TKey, TValue}"/> (the store's serializer, the prompt counter, a provider) gets a dictionary's answers.
/// </summary>
public sealed class CompactArgumentsTests
{
    [Fact]
    public void It_answers_as_the_dictionary_it_was_made_from()
    {
        Dictionary<string, object?> source = new() { ["description"] = "a worm", ["size"] = null };
        CompactArguments arguments = new(source);

        Assert.Equal(source, arguments); // Same pairs, same order.
        Assert.Equal(2, arguments.Count);
        Assert.Equal("a worm", arguments["description"]);
        Assert.True(arguments.TryGetValue("size", out object? size));
        Assert.Null(size);
        Assert.False(arguments.ContainsKey("Description")); // Ordinal, as the parsed arguments.
        Assert.Equal("The tool call has no argument 'quality'.", Assert.Throws<KeyNotFoundException>(() => arguments["quality"]).Message);
        Assert.Equal(
            "{\"description\":\"a worm\",\"size\":null}",
            System.Text.Json.JsonSerializer.Serialize<IDictionary<string, object?>>(arguments, System.Text.Json.JsonSerializerOptions.Default));
    }

    [Fact]
    public void It_changes_as_a_dictionary_does()
    {
        CompactArguments arguments = new(new Dictionary<string, object?> { ["description"] = "a worm" });

        arguments["description"] = "an elephant";
        arguments.Add("size", "1024x1024");
        arguments["quality"] = "high";
        ArgumentException duplicate = Assert.Throws<ArgumentException>("key", () => arguments.Add("size", "256x256"));
        Assert.True(arguments.Remove("size"));
        Assert.False(arguments.Remove("size"));

        Assert.StartsWith("The tool call already has an argument 'size'.", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal([new("description", "an elephant"), new("quality", "high")], arguments);
        arguments.Clear();
        Assert.Empty(arguments);
    }

    [Fact]
    public async Task The_history_hands_out_plain_dictionaries_that_callers_may_change()
    {
        using EngineHarness engine = new();
        using IImageChatClient client = engine.Build(TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "a worm", 10, 5), _ => TestChatClient.Reply("Here it is.", 20, 5)));
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("draw a worm");

        FunctionCallContent call = conversation.History.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.IsType<Dictionary<string, object?>>(call.Arguments);
        call.Arguments!["description"] = "changed by the caller";

        Assert.Equal("a worm", conversation.History.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Arguments!["description"]);
    }

    [Fact]
    public async Task The_history_keeps_one_instance_of_a_tool_name_and_of_a_known_argument_name()
    {
        // As a provider parses them: strings of their own, equal to the tool's literals but not the same instances.
        string name = new(ImageChatDefaults.ImageToolName.AsSpan());
        string key = new("description".AsSpan());
        string madeUp = $"mood_{Guid.NewGuid():N}";
        using EngineHarness engine = new();
        using IImageChatClient client = engine.Build(TestChatClient.Scripted(
            _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", name, new Dictionary<string, object?> { [key] = "a worm", [madeUp] = "calm" })])),
            _ => TestChatClient.Reply("Here it is.", 20, 5)));
        IImageChatConversation conversation = client.StartConversation();
        await conversation.SendAsync("draw a worm");

        FunctionCallContent call = conversation.History.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Same(ImageChatDefaults.ImageToolName, call.Name);
        Assert.Same("description", call.Arguments!.Keys.First());
        Assert.Equal(madeUp, call.Arguments.Keys.Last());
        Assert.Null(string.IsInterned(madeUp)); // A name the model made up is kept as it came, never added to the pool.
    }
}
