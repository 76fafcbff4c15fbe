using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ImageChat;

/// <summary>
/// Keeps each request within <see cref="ImageChatOptions.MaxPromptTokens"/>. It sits right below the function-invocation
/// loop, so it sees every request of a turn and the call log shows what was really sent; the history is never changed.
/// </summary>
/// <remarks>
/// Over budget, the oldest whole turns are left out first (so a tool call never travels without its result) and
/// replaced by one message after the system prompt that lists the images they made, one line each
/// (<c>image 2: generated_c3b1c104.png — a wolf on a cliff under a full moon</c>). The line of the conversation's
/// current image keeps its whole description. The system prompt and the current turn are always sent.
/// </remarks>
internal sealed class PromptBudgetChatClient : DelegatingChatClient
{
    private const int ShortDescriptionLength = 120;
    private readonly int _maxPromptTokens;
    private readonly ILogger _logger;

    public PromptBudgetChatClient(IChatClient innerClient, int maxPromptTokens, ILogger<PromptBudgetChatClient> logger)
        : base(innerClient)
    {
        _maxPromptTokens = maxPromptTokens;
        _logger = logger;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Fit(messages, options), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Fit(messages, options), options, cancellationToken);

    private List<ChatMessage> Fit(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        List<ChatMessage> request = [.. messages];
        int overhead = PromptTokenCounter.CountOverhead(options);
        int[] counts = [.. request.Select(PromptTokenCounter.Count)];
        int tokens = overhead + counts.Sum();
        if (tokens <= _maxPromptTokens)
        {
            return request;
        }

        int system = request.TakeWhile(m => m.Role == ChatRole.System).Count();
        int current = Math.Max(system, request.FindLastIndex(m => m.Role == ChatRole.User));
        List<int> turnStarts = [.. Enumerable.Range(system, current - system).Where(i => i == system || request[i].Role == ChatRole.User)];

        IReadOnlyList<ConversationImage> images = TurnContext.Current?.Conversation.Images ?? [];
        Dictionary<string, int> imageByCall = [];
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].ToolCallId is { } callId)
            {
                imageByCall[callId] = i;
            }
        }

        int kept = overhead + counts[..system].Sum();
        int remaining = counts[system..].Sum();
        List<string> lines = [];
        for (int dropped = 1; dropped <= turnStarts.Count; dropped++)
        {
            int keepFrom = dropped < turnStarts.Count ? turnStarts[dropped] : current;
            remaining -= counts[turnStarts[dropped - 1]..keepFrom].Sum();
            foreach (FunctionCallContent call in request[turnStarts[dropped - 1]..keepFrom].SelectMany(m => m.Contents).OfType<FunctionCallContent>())
            {
                if (imageByCall.TryGetValue(call.CallId, out int index))
                {
                    lines.Add(Line(index + 1, images[index], isCurrent: index == images.Count - 1));
                }
            }

            ChatMessage summary = Summary(dropped, lines);
            int compactedTokens = kept + PromptTokenCounter.Count(summary) + remaining;
            if (compactedTokens <= _maxPromptTokens)
            {
                Log.Compacted(_logger, TurnContext.Current?.Conversation.Id, tokens, compactedTokens, dropped);
                return [.. request[..system], summary, .. request[keepFrom..]];
            }
        }

        throw new ImageChatException(
            $"The request needs {tokens} prompt tokens and still more than {_maxPromptTokens} with every earlier turn left out: raise ImageChatOptions.MaxPromptTokens (ImageChat:MaxPromptTokens) or send a shorter message.");
    }

    private static ChatMessage Summary(int turns, List<string> lines)
    {
        StringBuilder text = new(string.Create(CultureInfo.InvariantCulture, $"The {turns} earliest turns of this conversation are left out to keep the prompt short."));
        if (lines.Count > 0)
        {
            text.Append(" Images made in them:");
            foreach (string line in lines)
            {
                text.Append('\n').Append(line);
            }
        }

        return new ChatMessage(ChatRole.System, text.ToString());
    }

    private static string Line(int number, ConversationImage image, bool isCurrent)
    {
        string description = image.Description;
        if (!isCurrent)
        {
            int sentence = description.IndexOf(". ", StringComparison.Ordinal);
            description = sentence > 0 ? description[..sentence] : description.TrimEnd('.');
            if (description.Length > ShortDescriptionLength)
            {
                description = string.Concat(description.AsSpan(0, ShortDescriptionLength), "…");
            }
        }

        return $"image {number}: {image.FileName} — {description}";
    }
}
