using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.TestDoubles;

/// <summary>A chat client driven by callbacks, recording every request it is sent, streamed or not.</summary>
internal sealed class TestChatClient : IChatClient
{
    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] sent = [.. messages];
        lock (_gate)
        {
            _requests.Add(sent);
        }

        return (GetResponseAsyncCallback ?? throw new InvalidOperationException("No response scripted."))(sent, options, cancellationToken);
    }

    /// <summary>Streams the scripted response as Microsoft.Extensions.AI splits a response into updates.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>Answers each request with the next of the given responses.</summary>
    public static TestChatClient Scripted(params Func<IReadOnlyList<ChatMessage>, ChatResponse>[] responses)
    {
        int next = 0;
        return new TestChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) =>
            {
                int index = Interlocked.Increment(ref next) - 1;
                if (index >= responses.Length)
                {
                    throw new InvalidOperationException($"Request {index + 1} was not scripted.");
                }

                return Task.FromResult(responses[index](messages));
            },
        };
    }

    /// <summary>
    /// Answers with the name and the user messages the request carried (<c>A saw: one | two</c>); when given a gate, first
    /// signals <paramref name="sending"/> and waits for <paramref name="mayAnswer"/>, to hold a turn while another runs.
    /// </summary>
    public static TestChatClient Echo(string name, TaskCompletionSource? sending = null, Task? mayAnswer = null) => new()
    {
        GetResponseAsyncCallback = async (messages, _, _) =>
        {
            sending?.TrySetResult();
            await (mayAnswer ?? Task.CompletedTask);
            return Reply($"{name} saw: {string.Join(" | ", messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text))}");
        },
    };

    public static ChatResponse ToolCall(string callId, string description, long input = 10, long output = 5) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, ImageChatDefaults.ImageToolName, new Dictionary<string, object?> { ["description"] = description })]))
        {
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };

    /// <summary>One response calling <c>generate_image</c> several times, as a model asking for several pictures at once does.</summary>
    public static ChatResponse ToolCalls(params (string CallId, string Description)[] calls) =>
        new(new ChatMessage(
            ChatRole.Assistant,
            [.. calls.Select(c => (AIContent)new FunctionCallContent(c.CallId, ImageChatDefaults.ImageToolName, new Dictionary<string, object?> { ["description"] = c.Description }))]))
        {
            Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 },
        };

    /// <summary>A response calling <c>edit_image</c>; <paramref name="image"/> <see langword="null"/> leaves the argument out (the latest image).</summary>
    public static ChatResponse EditCall(string callId, string description, string? image = null)
    {
        Dictionary<string, object?> arguments = new() { ["description"] = description };
        if (image is not null)
        {
            arguments["image"] = image;
        }

        return new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, ImageChatDefaults.EditImageToolName, arguments)]))
        {
            Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 },
        };
    }

    public static ChatResponse Reply(string text, long input = 20, long output = 7) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
}
