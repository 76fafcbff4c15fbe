using System.Text;
using System.Text.Json;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Stores;

public sealed class ConversationStateSerializerTests
{
    private static ConversationState StateOf(IReadOnlyList<ChatMessage> messages, IReadOnlyList<ConversationImage>? images = null) => new()
    {
        Id = "seed",
        Version = 4,
        SystemPrompt = ImageChatDefaults.SystemPrompt,
        Messages = messages,
        Images = images ?? [],
        Usage = new UsageSummary(new TokenUsage(2784, 380, 128), new TokenUsage(153, 12480), 3, 7),
        UpdatedAt = new DateTimeOffset(2025, 8, 4, 9, 23, 1, TimeSpan.FromHours(2)),
    };

    [Fact]
    public void The_seeds_messages_are_written_in_the_openai_shape_they_were_sent_in()
    {
        SeedLog.SeedCall last = SeedLog.Calls[^1];
        List<ChatMessage> messages = [.. SeedRequests.Messages()[^1].Skip(1)]; // Without the system prompt, kept apart.

        using JsonDocument written = JsonDocument.Parse(ConversationStateSerializer.Serialize(StateOf(messages)));

        Assert.Equal(
            WireMessages.Canonical(JsonDocument.Parse(JsonSerializer.Serialize(last.Messages.EnumerateArray().Skip(1))).RootElement),
            WireMessages.Canonical(written.RootElement.GetProperty("messages")));
        Assert.Equal(ImageChatDefaults.SystemPrompt, written.RootElement.GetProperty("system_prompt").GetString());
    }

    [Fact]
    public void Writing_what_was_read_gives_the_same_bytes()
    {
        byte[] first = ConversationStateSerializer.Serialize(StateOf(SeedRequests.Messages()[^1]));

        byte[] second = ConversationStateSerializer.Serialize(ConversationStateSerializer.Deserialize(first));

        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
    }

    [Fact]
    public void Tool_calls_keep_the_models_own_argument_text_and_parsed_arguments()
    {
        FunctionCallContent call = new("call_1", "generate_image", new Dictionary<string, object?> { ["description"] = "a worm" });
        ModelResponseProperties.SetRawArguments(call, "{ \"description\" : \"a worm\" }");

        ConversationState restored = ConversationStateSerializer.Deserialize(ConversationStateSerializer.Serialize(StateOf([new ChatMessage(ChatRole.Assistant, [call])])));

        FunctionCallContent back = Assert.IsType<FunctionCallContent>(Assert.Single(restored.Messages[0].Contents));
        Assert.Equal(("call_1", "generate_image"), (back.CallId, back.Name));
        Assert.Equal("{ \"description\" : \"a worm\" }", ModelResponseProperties.GetRawArguments(back));
        Assert.Equal("a worm", back.Arguments!["description"]!.ToString());
    }

    [Fact]
    public void Results_of_one_round_go_out_as_one_tool_message_each_and_come_back_as_one_message()
    {
        ChatMessage results = new(ChatRole.Tool, [new FunctionResultContent("a", "first"), new FunctionResultContent("b", "second")]);

        byte[] json = ConversationStateSerializer.Serialize(StateOf([results]));
        ConversationState restored = ConversationStateSerializer.Deserialize(json);

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(
            """[{"role":"tool","content":"first","tool_call_id":"a"},{"role":"tool","content":"second","tool_call_id":"b"}]""",
            document.RootElement.GetProperty("messages").GetRawText());
        ChatMessage message = Assert.Single(restored.Messages);
        Assert.Equal(ChatRole.Tool, message.Role);
        Assert.Equal([("a", "first"), ("b", "second")], message.Contents.Cast<FunctionResultContent>().Select(r => (r.CallId, (string)r.Result!)));
    }

    [Fact]
    public void Images_usage_and_metadata_round_trip_exactly()
    {
        ConversationImage image = new()
        {
            Id = "c3b1c104",
            FileName = "generated_c3b1c104.png",
            Location = "/srv/images/generated_c3b1c104.png",
            Description = "a wolf on a cliff under a full moon",
            RevisedPrompt = "A lone wolf howls on a cliff.",
            MediaType = "image/png",
            ToolCallId = "call_wolf",
            CreatedAt = new DateTimeOffset(2025, 8, 4, 9, 22, 10, TimeSpan.Zero),
            Usage = new TokenUsage(51, 4160),
            ModelId = "gpt-image-1",
        };
        ChatMessage user = new(ChatRole.User, [new TextContent("like this one"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]) { AuthorName = "ada" };
        ConversationState state = StateOf([user], [image]);

        ConversationState restored = ConversationStateSerializer.Deserialize(ConversationStateSerializer.Serialize(state));

        Assert.Equal(image, Assert.Single(restored.Images));
        Assert.Equal(state.Usage, restored.Usage);
        Assert.Equal((state.Id, state.Version, state.SystemPrompt, state.UpdatedAt), (restored.Id, restored.Version, restored.SystemPrompt, restored.UpdatedAt));
        Assert.Equal("ada", restored.Messages[0].AuthorName);
        DataContent picture = Assert.IsType<DataContent>(restored.Messages[0].Contents[1]);
        Assert.Equal("image/png", picture.MediaType);
        Assert.Equal(new byte[] { 1, 2, 3 }, picture.Data.ToArray());
    }

    [Fact]
    public void Content_the_format_has_no_place_for_is_named()
    {
        NotSupportedException error = Assert.Throws<NotSupportedException>(
            () => ConversationStateSerializer.Serialize(StateOf([new ChatMessage(ChatRole.Assistant, [new UsageContent(new UsageDetails())])])));

        Assert.Equal("A message of role assistant holds content of type UsageContent, which a stored conversation cannot keep (it keeps text, images, tool calls and tool results).", error.Message);
    }

    [Fact]
    public void A_document_of_another_format_is_refused()
    {
        JsonException error = Assert.Throws<JsonException>(() => ConversationStateSerializer.Deserialize("""{"format":"something.else","format_version":1,"id":"x","version":1,"system_prompt":"","messages":[],"images":[],"usage":{"chat":{"input_tokens":0,"output_tokens":0},"image_tokens":{"input_tokens":0,"output_tokens":0},"image_count":0,"model_call_count":0}}"""u8));

        Assert.Equal("The document's format is 'something.else', not 'imagechat.conversation': it is not a stored ImageChat conversation.", error.Message);
    }
}
