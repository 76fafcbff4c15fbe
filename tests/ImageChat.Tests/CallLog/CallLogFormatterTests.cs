using Microsoft.Extensions.AI;

namespace ImageChat.Tests.CallLog;

public sealed class CallLogFormatterTests
{
    private static ModelCall Call(IReadOnlyList<ChatMessage> sent, ChatResponse response, ModelCallKind kind = ModelCallKind.InitialChat) => new()
    {
        Number = 3,
        Kind = kind,
        StartedAt = new DateTimeOffset(2025, 8, 4, 9, 21, 34, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(1),
        RequestMessages = sent,
        Response = response,
    };

    [Fact]
    public void Messages_are_written_in_the_wire_shape_and_key_order_of_the_seed()
    {
        FunctionCallContent call = new("call_1", "generate_image", new Dictionary<string, object?> { ["description"] = "a \"quoted\" worm <3 & co" });
        ChatMessage[] messages =
        [
            new(ChatRole.System, "sys"),
            new(ChatRole.User, "draw"),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "saved")]),
        ];

        string json = CallLogFormatter.FormatMessages(messages);

        Assert.Equal(
            """
            [
              {
                "role": "system",
                "content": "sys"
              },
              {
                "role": "user",
                "content": "draw"
              },
              {
                "role": "assistant",
                "content": null,
                "tool_calls": [
                  {
                    "id": "call_1",
                    "type": "function",
                    "function": {
                      "name": "generate_image",
                      "arguments": "{\"description\":\"a \\\"quoted\\\" worm <3 & co\"}"
                    }
                  }
                ]
              },
              {
                "role": "tool",
                "tool_call_id": "call_1",
                "content": "saved"
              }
            ]
            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void Tool_call_arguments_are_the_model_s_own_text_when_the_provider_kept_it()
    {
        FunctionCallContent call = new("call_1", "generate_image", new Dictionary<string, object?> { ["description"] = "x" });
        ModelResponseProperties.SetRawArguments(call, "{ \"description\": \"x\" }");

        string json = CallLogFormatter.FormatMessages([new(ChatRole.Assistant, [call])]);

        Assert.Contains("\"arguments\": \"{ \\\"description\\\": \\\"x\\\" }\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_results_in_one_tool_message_become_one_wire_message_each()
    {
        ChatMessage results = new(ChatRole.Tool, [new FunctionResultContent("a", "one"), new FunctionResultContent("b", "two")]);

        string json = CallLogFormatter.FormatMessages([results]);

        Assert.Equal(2, json.Split("\"role\": \"tool\"").Length - 1);
        Assert.Contains("\"tool_call_id\": \"b\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_raw_body_is_pretty_printed_with_its_key_order_and_numbers_kept()
    {
        ChatResponse response = new(new ChatMessage(ChatRole.Assistant, "hi"));
        ModelResponseProperties.SetRawResponseBody(response, """{"z":1.50,"a":{"text":"caf\u00e9 \"x\""},"m":[]}""");

        string json = CallLogFormatter.FormatResponse(Call([], response));

        Assert.Equal(
            """
            {
              "z": 1.50,
              "a": {
                "text": "café \"x\""
              },
              "m": []
            }
            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void Without_a_raw_body_the_response_is_rendered_as_an_openai_chat_completion()
    {
        ChatResponse response = new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_9", "generate_image", new Dictionary<string, object?> { ["description"] = "a cat" })]))
        {
            ResponseId = "resp-1",
            ModelId = "my-model",
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1754292095),
            FinishReason = ChatFinishReason.ToolCalls,
            Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 },
        };

        string json = CallLogFormatter.FormatResponse(Call([], response));

        Assert.Equal(
            """
            {
              "id": "resp-1",
              "choices": [
                {
                  "finish_reason": "tool_calls",
                  "index": 0,
                  "message": {
                    "content": null,
                    "role": "assistant",
                    "tool_calls": [
                      {
                        "id": "call_9",
                        "type": "function",
                        "function": {
                          "name": "generate_image",
                          "arguments": "{\"description\":\"a cat\"}"
                        }
                      }
                    ]
                  }
                }
              ],
              "created": 1754292095,
              "model": "my-model",
              "object": "chat.completion",
              "usage": {
                "completion_tokens": 5,
                "prompt_tokens": 10,
                "total_tokens": 15
              }
            }
            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void An_entry_has_the_header_blocks_usage_and_rule_of_the_seed()
    {
        ChatResponse response = new(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = 94, OutputTokenCount = 63 } };
        ModelResponseProperties.SetRawResponseBody(response, "{}");

        string entry = CallLogFormatter.Format(Call([new(ChatRole.User, "hi")], response, ModelCallKind.PostToolResponse));

        Assert.Equal(
            "### Call #3 - Post-Tool Response (09:21:34)\n\n"
            + "**Messages sent to model:**\n```json\n[\n  {\n    \"role\": \"user\",\n    \"content\": \"hi\"\n  }\n]\n```\n\n"
            + "**Model Response:**\n```json\n{}\n```\n\n"
            + "**Token Usage:** 94 prompt + 63 completion = 157 total\n\n---\n\n",
            entry);
    }

    [Fact]
    public void Image_bytes_in_a_message_are_never_written()
    {
        ChatMessage message = new(ChatRole.User, [new TextContent("look"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]);

        string json = CallLogFormatter.FormatMessages([message]);

        Assert.Contains("(image/png, 3 bytes, not logged)", json, StringComparison.Ordinal);
        Assert.DoesNotContain("AQID", json, StringComparison.Ordinal); // base64 of the bytes
    }
}
