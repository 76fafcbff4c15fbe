using System.Text;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Engine;

/// <summary>Raw bodies and arguments kept as UTF-8 bytes read back as the same text, and as the same bytes.</summary>
public sealed class ModelResponsePropertiesTests
{
    [Fact]
    public void A_raw_body_kept_as_bytes_reads_back_as_its_text()
    {
        ChatResponse response = new(new ChatMessage(ChatRole.Assistant, "hi"));

        ModelResponseProperties.SetRawResponseBody(response, Encoding.UTF8.GetBytes("""{"a":"café"}"""));

        Assert.Equal("""{"a":"café"}""", ModelResponseProperties.GetRawResponseBody(response));
    }

    [Fact]
    public void Raw_arguments_kept_as_bytes_read_back_as_text_and_as_the_same_bytes()
    {
        FunctionCallContent call = new("call_1", "generate_image");
        byte[] utf8 = Encoding.UTF8.GetBytes("""{"description":"A worm"}""");

        ModelResponseProperties.SetRawArguments(call, utf8);

        Assert.Equal("""{"description":"A worm"}""", ModelResponseProperties.GetRawArguments(call));
        Assert.True(ModelResponseProperties.TryGetRawArguments(call, out ReadOnlyMemory<byte> bytes));
        Assert.Equal(utf8, bytes.ToArray());
    }

    [Fact]
    public void Raw_arguments_kept_as_text_read_back_as_their_utf8_bytes()
    {
        FunctionCallContent call = new("call_1", "generate_image");

        ModelResponseProperties.SetRawArguments(call, """{ "description": "x" }""");

        Assert.True(ModelResponseProperties.TryGetRawArguments(call, out ReadOnlyMemory<byte> bytes));
        Assert.Equal("""{ "description": "x" }""", Encoding.UTF8.GetString(bytes.Span));
    }

    [Fact]
    public void A_tool_call_without_raw_arguments_has_none()
    {
        FunctionCallContent call = new("call_1", "generate_image");

        Assert.False(ModelResponseProperties.TryGetRawArguments(call, out _));
        Assert.Null(ModelResponseProperties.GetRawArguments(call));
    }
}
