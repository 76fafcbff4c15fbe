using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace ImageChat.Samples.Demo;

/// <summary>
/// The offline stand-in for a chat model, so that the sample runs with no API key. It is not a language model and says
/// so: it calls <c>generate_image</c> when asked for a picture ("create the image of a worm"), <c>edit_image</c> when
/// asked to change the picture already made ("make it now an elephant", "change the wolf into a cat", "make it red"),
/// reports the tool's result, and answers "what is the picture?" from the conversation's history.
/// </summary>
/// <remarks>
/// An edit's description is the previous one with its main subject replaced ("A picture of a wolf in the moon." and
/// "make it now an elephant" give "A picture of an elephant in the moon."), or with the change added when it names no
/// subject ("…, now red."): what a model writes for <c>edit_image</c>, a description of the whole edited picture.
/// </remarks>
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
        int number = Interlocked.Increment(ref _responseCount);
        ChatMessage reply = history.Length > 0 && history[^1].Role == ChatRole.Tool
            ? ReportToolResults(history[^1])
            : Answer(history, history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty, options?.Tools, number);

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

    private static ChatMessage Answer(ChatMessage[] history, string userText, IList<AITool>? tools, int number)
    {
        string text = userText.Trim();
        bool canDraw = Offers(tools, ImageChatDefaults.ImageToolName);
        string? previous = LastDescription(history);

        // A change to the picture already made is an edit of it; without edit_image, a new picture of the changed description.
        Match edit = EditRequest().Match(text);
        edit = edit.Success ? edit : ChangeRequest().Match(text);
        string? editTool = Offers(tools, ImageChatDefaults.EditImageToolName) ? ImageChatDefaults.EditImageToolName : canDraw ? ImageChatDefaults.ImageToolName : null;
        if (previous is not null && edit.Success && editTool is not null)
        {
            return Call(editTool, Edited(previous, edit.Groups["change"].Value, edit.Groups["old"].Success ? edit.Groups["old"].Value : null), number);
        }

        if (IsQuestion(text))
        {
            return Reply(previous is not null
                ? $"The picture shows: {previous}"
                : "There is no picture in this conversation yet. Ask me for one, for example \"create the image of a worm\".");
        }

        if (canDraw && PictureRequest().Match(text) is { Success: true } request)
        {
            return Call(ImageChatDefaults.ImageToolName, $"A picture of {request.Groups["subject"].Value}.", number);
        }

        return Reply(
            "I am ImageChat's offline demo model, not a real AI. I can draw a picture when you ask for one "
            + "(\"create the image of a worm\"), change it (\"make it now an elephant\") and tell you what the last picture "
            + "shows (\"what is the picture?\"). Set OPENAI_API_KEY to talk to a real model.");
    }

    private static bool Offers(IList<AITool>? tools, string name) => tools?.Any(t => t.Name == name) == true;

    private static ChatMessage Call(string tool, string description, int number) =>
        new(ChatRole.Assistant, [new FunctionCallContent(
            string.Create(CultureInfo.InvariantCulture, $"call_demo_{number}"),
            tool,
            new Dictionary<string, object?> { ["description"] = description })]);

    /// <summary>
    /// The description of the edited picture: <paramref name="previous"/> with its main subject (or the one the user named,
    /// <paramref name="old"/>) replaced by <paramref name="change"/> when that names a subject, else with the change added.
    /// </summary>
    private static string Edited(string previous, string change, string? old)
    {
        string before = previous.Trim().TrimEnd('.', '!', ' ');
        if (DemoScene.Parse(change).Subjects.Count == 0)
        {
            return $"{before}, now {change}.";
        }

        // The main subject is the first word naming one that stands on the ground, or the word the user named.
        DemoSubject? named = old is null ? null : DemoScene.SubjectNamedBy(old.ToLowerInvariant());
        MatchCollection words = Words().Matches(before);
        int noun = -1;
        for (int i = 0; i < words.Count; i++)
        {
            DemoSubject? subject = DemoScene.SubjectNamedBy(words[i].Value.ToLowerInvariant());
            if (old is null ? subject is not (null or DemoSubject.Mountain or DemoSubject.Bird) : subject is not null && subject == named)
            {
                noun = i;
                break;
            }
        }

        if (noun < 0)
        {
            return $"{before}, now {change}.";
        }

        // The phrase to replace runs back from the noun to its article ("a wolf", "the big grey wolf"), stopping at a preposition.
        int start = noun;
        for (int i = noun - 1; i >= Math.Max(0, noun - 3); i--)
        {
            string word = words[i].Value.ToLowerInvariant();
            if (Articles.Contains(word))
            {
                start = i;
                break;
            }

            if (PhraseBreaks.Contains(word))
            {
                start = i + 1;
                break;
            }
        }

        int from = words[start].Index, to = words[noun].Index + words[noun].Length;
        return Capitalize($"{before[..from]}{change}{before[to..]}.");
    }

    private static readonly HashSet<string> Articles = new(["a", "an", "the", "one", "two", "three", "some"], StringComparer.Ordinal);

    private static readonly HashSet<string> PhraseBreaks =
        new(["of", "in", "on", "at", "and", "with", "by", "near", "under", "over", "to", "from", "for"], StringComparer.Ordinal);

    private static ChatMessage ReportToolResults(ChatMessage toolMessage)
    {
        IEnumerable<string> results = toolMessage.Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty);
        return Reply($"Here is what the image tool reported: {string.Join(" ", results)}");
    }

    /// <summary>The description of the last image asked for, generated or edited: what the picture shows now.</summary>
    private static string? LastDescription(ChatMessage[] history) =>
        history
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .LastOrDefault(c => c.Name is ImageChatDefaults.ImageToolName or ImageChatDefaults.EditImageToolName)
            ?.Arguments is { } arguments && arguments.TryGetValue("description", out object? description)
                ? description?.ToString()
                : null;

    private static bool IsQuestion(string text) => text.EndsWith('?') || Question().IsMatch(text);

    private static ChatMessage Reply(string text) => new(ChatRole.Assistant, Preamble + text);

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));

    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Word();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    // "make it now an elephant", "turn it into a cat", "paint it red", "could you make the picture snowy?".
    [GeneratedRegex(
        @"^(please\s+)?((can|could|would)\s+you\s+)?(make|turn|change|paint|draw|render)\s+(it|this|that|the\s+(image|picture|photo|drawing|painting))(\s+now)?(\s+(into|to|as|in))?\s+(?<change>.+?)[\s.!?]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EditRequest();

    // "change the wolf into an elephant", "replace the cat with a dog", "turn the wolf into a fox".
    [GeneratedRegex(
        @"^(please\s+)?((can|could|would)\s+you\s+)?(change|turn|replace)\s+the\s+(?<old>\p{L}+)\s+(into|to|with|by)\s+(?<change>.+?)[\s.!?]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeRequest();

    [GeneratedRegex(@"^(what|which|describe|tell|how|where|who|why)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Question();

    // "create the image of a worm", "paint now a wolf in the moon", "make it now an elephant", "draw me a cat".
    [GeneratedRegex(
        @"^(please\s+)?((can|could|would)\s+you\s+)?(create|draw|paint|make|generate|render|sketch|show)(\s+me)?(\s+(?<it>it|this|that))?(\s+now)?(\s+(into|as))?"
        + @"(\s+((the|an?)\s+)?(image|picture|photo|drawing|painting)s?(\s+of)?)?\s+(?<subject>.+?)[\s.!]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PictureRequest();
}
