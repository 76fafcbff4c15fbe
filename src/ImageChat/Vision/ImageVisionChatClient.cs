using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ImageChat;

/// <summary>
/// Shows the chat model the conversation's current image (<see cref="ImageVisionOptions"/>): adds it, downscaled, to
/// the turn's user message in the outgoing request only. The request is a new list with a copy of that message, so the
/// history, which the conversation commits from its own messages, never holds the bytes.
/// </summary>
/// <remarks>
/// It sits below the function-invocation loop, so each model call of the turn carries the image (with
/// <see cref="ImageVisionMode.Always"/>, the call after a tool result shows an image the turn just made), and above
/// resilience, so a retry re-sends the same request. The image is read from the store and scaled once per turn and
/// image, however many calls the turn makes.
/// </remarks>
internal sealed partial class ImageVisionChatClient : DelegatingChatClient
{
    private readonly ImageVisionOptions _options;
    private readonly IImageStore _store;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<TurnContext, Attachment> _attached = [];

    public ImageVisionChatClient(IChatClient innerClient, ImageVisionOptions options, IImageStore store, ILogger<ImageVisionChatClient> logger)
        : base(innerClient)
    {
        _options = options;
        _store = store;
        _logger = logger;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await base.GetResponseAsync(await WithCurrentImageAsync(messages, cancellationToken).ConfigureAwait(false), options, cancellationToken).ConfigureAwait(false);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IEnumerable<ChatMessage> sent = await WithCurrentImageAsync(messages, cancellationToken).ConfigureAwait(false);
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(sent, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>
    /// Tells whether the user's message refers to the picture: it names one or points at it, or it asks a question right
    /// after the turn that made <paramref name="current"/> (whose tool call is then among the messages since the previous user message).
    /// </summary>
    internal static bool RefersToPicture(IReadOnlyList<ChatMessage> messages, int userMessage, ConversationImage current)
    {
        string text = messages[userMessage].Text;
        if (Reference().IsMatch(text))
        {
            return true;
        }

        if (!text.TrimEnd().EndsWith('?') || current.ToolCallId is not { } callId)
        {
            return false;
        }

        for (int i = userMessage - 1; i >= 0 && messages[i].Role != ChatRole.User; i--)
        {
            if (messages[i].Contents.OfType<FunctionCallContent>().Any(c => c.CallId == callId))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<IEnumerable<ChatMessage>> WithCurrentImageAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        if (TurnContext.Current is not { } turn)
        {
            return messages;
        }

        // The picture the user refers to is the one they saw before this turn; Always shows the latest, this turn's included.
        IReadOnlyList<ConversationImage> made = _options.Mode == ImageVisionMode.Always ? turn.Images : [];
        if ((made.Count > 0 ? made[^1] : turn.Conversation.CurrentImage) is not { } current)
        {
            return messages;
        }

        ChatMessage[] sent = [.. messages];
        int user = Array.FindLastIndex(sent, m => m.Role == ChatRole.User);
        if (user < 0 || (_options.Mode == ImageVisionMode.CurrentImage && !RefersToPicture(sent, user, current)))
        {
            return sent;
        }

        if (await AttachmentAsync(turn, current, cancellationToken).ConfigureAwait(false) is not { } image)
        {
            return sent;
        }

        ChatMessage withImage = sent[user].Clone();
        withImage.Contents = [.. sent[user].Contents, image];
        sent[user] = withImage;
        return sent;
    }

    /// <summary>The image part for this turn: made on the turn's first call that shows <paramref name="current"/>, then reused.</summary>
    private async Task<DataContent?> AttachmentAsync(TurnContext turn, ConversationImage current, CancellationToken cancellationToken)
    {
        if (_attached.TryGetValue(turn, out Attachment? attached) && attached.FileName == current.FileName)
        {
            return attached.Image;
        }

        DataContent? image = null;
        try
        {
            if (await _store.ReadAllBytesAsync(current.FileName, cancellationToken).ConfigureAwait(false) is { } saved
                && VisionImage.Create(saved, current.FileName, _options.MaxSide) is { } prepared)
            {
                image = prepared.Content;
                Log.VisionImageAttached(_logger, current.FileName, prepared.Width, prepared.Height, turn.Conversation.Id);
            }
            else
            {
                Log.VisionImageUnreadable(_logger, current.FileName, null);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The model can still answer from the description: a missing picture must not fail the turn.
            Log.VisionImageUnreadable(_logger, current.FileName, ex);
        }

        _attached.AddOrUpdate(turn, new Attachment(current.FileName, image));
        return image;
    }

    // Words that name a picture or point at one: "what is in the picture?", "is it night?", "make this brighter".
    [GeneratedRegex(@"\b(pictures?|images?|photos?|drawings?|paintings?|it|this|that|these|those)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>The image part a turn sends with the image of that name; <see langword="null"/> when it could not be read.</summary>
    private sealed record Attachment(string FileName, DataContent? Image);
}
