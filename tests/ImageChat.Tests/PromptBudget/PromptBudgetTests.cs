using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.PromptBudget;

/// <summary>A 40-turn picture conversation under a 4,000-token budget, through the whole engine.</summary>
public sealed class PromptBudgetTests : IDisposable
{
    private const int Budget = 4_000;
    private readonly TempDirectory _images = new();
    private readonly List<(ChatMessage[] Messages, ChatOptions? Options)> _requests = [];

    public void Dispose() => _images.Dispose();

    private static string Description(int n) =>
        $"Picture {n}: a lighthouse number {n} on a rocky coast at dusk. Waves crash against the rocks, gulls circle the lamp, and warm light spills over the wet stones while storm clouds gather far out at sea.";

    private IImageChatClient Build(int maxPromptTokens) =>
        new ImageChatBuilder(o => o.MaxPromptTokens = maxPromptTokens)
            .UseChatClient(Model())
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .Build();

    /// <summary>A model that draws what it is asked for, and answers questions from what the request tells it.</summary>
    private TestChatClient Model() => new()
    {
        GetResponseAsyncCallback = (messages, options, _) =>
        {
            lock (_requests)
            {
                _requests.Add(([.. messages], options));
            }

            ChatMessage last = messages[^1];
            if (last.Role == ChatRole.Tool)
            {
                return Task.FromResult(TestChatClient.Reply($"Here it is: {last.Contents.OfType<FunctionResultContent>().Single().Result}"));
            }

            if (last.Text.StartsWith("draw ", StringComparison.Ordinal))
            {
                int n = int.Parse(last.Text[5..], System.Globalization.CultureInfo.InvariantCulture);
                return Task.FromResult(TestChatClient.ToolCall($"call_{n}", Description(n)));
            }

            string? line = messages.Where(m => m.Role == ChatRole.System).SelectMany(m => m.Text.Split('\n')).FirstOrDefault(l => l.StartsWith("image 1: ", StringComparison.Ordinal));
            return Task.FromResult(TestChatClient.Reply(line is null ? "I don't know." : $"The first picture was {line["image 1: ".Length..]}"));
        },
    };

    [Fact]
    public async Task Forty_turns_never_send_more_than_the_budget_keep_tool_pairs_whole_and_remember_the_first_picture()
    {
        using IImageChatClient client = Build(Budget);
        IImageChatConversation conversation = client.StartConversation();

        for (int n = 1; n <= 39; n++)
        {
            await conversation.SendAsync($"draw {n}");
        }

        ChatTurnResult answer = await conversation.SendAsync("what was the first picture?");

        ConversationImage first = conversation.Images[0];
        Assert.Equal($"The first picture was {first.FileName} — Picture 1: a lighthouse number 1 on a rocky coast at dusk", answer.Text);
        Assert.Equal(39 * 2 + 1, _requests.Count);
        int[] sent = [.. _requests.Select(r => PromptTokenCounter.Count(r.Messages, r.Options))];
        Assert.All(sent, tokens => Assert.InRange(tokens, 1, Budget));
        Assert.All(_requests, r => Assert.Equal(ImageChatDefaults.SystemPrompt, r.Messages[0].Text));
        Assert.All(_requests, r => Assert.Equal(
            r.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).Order(StringComparer.Ordinal),
            r.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(c => c.CallId).Order(StringComparer.Ordinal)));

        // The history keeps everything; only what is sent is compacted, and it stays flat where the history grows.
        Assert.Equal(1 + (39 * 4) + 2, conversation.History.Count);
        int whole = PromptTokenCounter.Count(conversation.History, _requests[^1].Options);
        Assert.True(whole > 2 * Budget, $"The whole history counts {whole} tokens.");
        Assert.True(Math.Abs(sent[^1] - sent[40]) < Budget / 4, $"Request 41 counted {sent[40]} tokens, the last {sent[^1]}: {string.Join(",", sent)}");

        // The current image's line keeps its whole description; older ones keep their first sentence.
        ChatMessage summary = _requests[^1].Messages[1];
        Assert.Equal(ChatRole.System, summary.Role);
        Assert.StartsWith("The ", summary.Text, StringComparison.Ordinal);
        Assert.Contains($"image 2: {conversation.Images[1].FileName} — Picture 2: a lighthouse number 2 on a rocky coast at dusk\n", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(conversation.Images[^1].FileName, summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_the_budget_the_request_is_the_history_unchanged()
    {
        using IImageChatClient client = Build(Budget);
        IImageChatConversation conversation = client.StartConversation();

        await conversation.SendAsync("draw 1");
        await conversation.SendAsync("what was the first picture?");

        Assert.Equal(6, _requests[^1].Messages.Length);
        Assert.Equal(conversation.History.Take(6).Select(m => (m.Role, m.Text)), _requests[^1].Messages.Select(m => (m.Role, m.Text)));
        Assert.Equal("I don't know.", conversation.History[^1].Text);
    }

    [Fact]
    public async Task A_current_turn_that_alone_exceeds_the_budget_fails_with_the_option_named()
    {
        using IImageChatClient client = Build(100);
        IImageChatConversation conversation = client.StartConversation();

        ImageChatException error = await Assert.ThrowsAsync<ImageChatException>(() => conversation.SendAsync(string.Join(' ', Enumerable.Repeat("word", 200))));

        Assert.Matches(@"^The request needs \d+ prompt tokens and still more than 100 with every earlier turn left out: raise ImageChatOptions\.MaxPromptTokens \(ImageChat:MaxPromptTokens\) or send a shorter message\.$", error.Message);
        Assert.Empty(_requests);
        Assert.Single(conversation.History);
    }
}
