using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace ImageChat.Samples.Demo;

/// <summary>
/// The offline stand-in for a chat model, so that the sample runs with no API key. It is not a language model and says
/// so: it calls <c>generate_image</c> when asked for a picture ("create the image of a worm", "make it now an elephant"),
/// reports the tool's result, and answers "what is the picture?" from the conversation's history.
/// </summary>
public sealed partial class DemoChatClient : IChatClient
{
    /// <summary>The model id the demo reports on its responses.</summary>
    public const string ModelId = "imagechat-demo-chat";

    private const string Preamble = "(demo model) ";

    private int _responseCount;

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();

        ChatMessage[] history = [.. messages];
        bool canDraw = options?.Tools?.Any(t => t.Name == ImageChatDefaults.ImageToolName) == true;
        int number = Interlocked.Increment(ref _responseCount);
        ChatMessage reply = history.Length > 0 && history[^1].Role == ChatRole.Tool
            ? ReportToolResults(history[^1])
            : Answer(history, history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty, canDraw, number);

        bool callsTool = reply.Contents.OfType<FunctionCallContent>().Any();
        return Task.FromResult(new ChatResponse(reply)
        {
            ResponseId = string.Create(CultureInfo.InvariantCulture, $"demo-{number}"),
            ModelId = ModelId,
            FinishReason = callsTool ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        });
    }

    /// <summary>Streams the same answer as <see cref="GetResponseAsync"/>, its text a word at a time, as a model streams tokens.</summary>
    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            if (update.Contents is not [TextContent { Text: { } text }])
            {
                yield return update;
                continue;
            }

            foreach (Match word in Word().Matches(text))
            {
                await Task.Yield(); // Each piece arrives on its own, so that a reader shows it before the next.
                cancellationToken.ThrowIfCancellationRequested();
                ChatResponseUpdate piece = update.Clone();
                piece.Contents = [new TextContent(word.Value)];
                yield return piece;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static ChatMessage Answer(ChatMessage[] history, string userText, bool canDraw, int number)
    {
        string text = userText.Trim();
        if (IsQuestion(text))
        {
            return Reply(LastDescription(history) is { } description
                ? $"The picture shows: {description}"
                : "There is no picture in this conversation yet. Ask me for one, for example \"create the image of a worm\".");
        }

        if (canDraw && PictureRequest().Match(text) is { Success: true } request)
        {
            string subject = request.Groups["subject"].Value;
            string? previous = LastDescription(history);
            string description = request.Groups["it"].Success && previous is not null
                ? $"{Capitalize(subject)}, in place of the subject of the previous picture ({previous.TrimEnd('.')})."
                : $"A picture of {subject}.";
            FunctionCallContent call = new(
                string.Create(CultureInfo.InvariantCulture, $"call_demo_{number}"),
                ImageChatDefaults.ImageToolName,
                new Dictionary<string, object?> { ["description"] = description });
            return new ChatMessage(ChatRole.Assistant, [call]);
        }

        return Reply(
            "I am ImageChat's offline demo model, not a real AI. I can draw a picture when you ask for one "
            + "(\"create the image of a worm\", \"make it now an elephant\") and tell you what the last picture shows "
            + "(\"what is the picture?\"). Set OPENAI_API_KEY to talk to a real model.");
    }

    private static ChatMessage ReportToolResults(ChatMessage toolMessage)
    {
        IEnumerable<string> results = toolMessage.Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty);
        return Reply($"Here is what the image tool reported: {string.Join(" ", results)}");
    }

    private static string? LastDescription(ChatMessage[] history) =>
        history
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .LastOrDefault(c => c.Name == ImageChatDefaults.ImageToolName)
            ?.Arguments is { } arguments && arguments.TryGetValue("description", out object? description)
                ? description?.ToString()
                : null;

    private static bool IsQuestion(string text) => text.EndsWith('?') || Question().IsMatch(text);

    private static ChatMessage Reply(string text) => new(ChatRole.Assistant, Preamble + text);

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));

    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(what|which|describe|tell|how|where|who|why)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Question();

    // "create the image of a worm", "paint now a wolf in the moon", "make it now an elephant", "draw me a cat".
    [GeneratedRegex(
        @"^(please\s+)?((can|could|would)\s+you\s+)?(create|draw|paint|make|generate|render|sketch|show)(\s+me)?(\s+(?<it>it|this|that))?(\s+now)?(\s+(into|as))?"
        + @"(\s+((the|an?)\s+)?(image|picture|photo|drawing|painting)s?(\s+of)?)?\s+(?<subject>.+?)[\s.!]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PictureRequest();
}
