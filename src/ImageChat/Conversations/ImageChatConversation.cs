using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The default <see cref="IImageChatConversation"/>: serializes turns and commits each one atomically.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The turn gate never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose.")]
internal sealed class ImageChatConversation : IImageChatConversation
{
    private readonly ImageChatEngine _engine;
    private readonly ChatOptions _chatOptions;
    private readonly SemaphoreSlim _turnGate = new(1, 1);
    private readonly Lock _stateGate = new();
    private readonly List<ChatMessage> _history = [];
    private readonly List<ConversationImage> _images = [];
    private readonly List<ConversationImage> _uncommittedImages = [];
    private UsageSummary _usage = UsageSummary.Empty;
    private int _callCount;

    public ImageChatConversation(ImageChatEngine engine, string id, string systemPrompt, ChatOptions? chatOptions)
    {
        _engine = engine;
        Id = id;
        if (systemPrompt.Length > 0)
        {
            _history.Add(new ChatMessage(ChatRole.System, systemPrompt));
        }

        _chatOptions = chatOptions?.Clone() ?? new ChatOptions();
        _chatOptions.Tools = [.. engine.Tools.Tools, .. _chatOptions.Tools ?? []];
    }

    public string Id { get; }

    public IReadOnlyList<ChatMessage> History => MessageCopies.DeepCopy(HistorySnapshot());

    public IReadOnlyList<ConversationImage> Images
    {
        get
        {
            lock (_stateGate)
            {
                return [.. _images];
            }
        }
    }

    public IReadOnlyList<ConversationImage> UncommittedImages
    {
        get
        {
            lock (_stateGate)
            {
                return [.. _uncommittedImages];
            }
        }
    }

    public UsageSummary Usage
    {
        get
        {
            lock (_stateGate)
            {
                return _usage;
            }
        }
    }

    public async Task<ChatTurnResult> SendAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (message.Length > _engine.Options.MaxMessageLength)
        {
            throw new ArgumentException(
                $"The message is {message.Length} characters long; the limit is {_engine.Options.MaxMessageLength} (ImageChatOptions.MaxMessageLength).",
                nameof(message));
        }

        _engine.ThrowIfDisposed();
        if (TurnContext.IsRunning(this))
        {
            throw new InvalidOperationException(
                $"A tool called SendAsync on conversation '{Id}' while a turn of that conversation was running the tool; the call would wait for its own turn forever. Return what the tool has to say as its result, or use another conversation.");
        }

        try
        {
            await _turnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new TurnCancelledException("The turn was cancelled while it waited for the running turn of the conversation; nothing was sent.", ex, cancellationToken);
        }

        try
        {
            return await RunTurnAsync(new ChatMessage(ChatRole.User, message), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turnGate.Release();
        }
    }

    /// <summary>Hands out the next call number; numbers count across the whole conversation and are never reused.</summary>
    internal int NextCallNumber() => Interlocked.Increment(ref _callCount);

    private async Task<ChatTurnResult> RunTurnAsync(ChatMessage userMessage, CancellationToken cancellationToken)
    {
        List<ChatMessage> request = [.. HistorySnapshot(), userMessage];
        TurnContext turn = new(this);
        TurnContext.Current = turn; // Flows into the loop and its tools; reverts for our caller when this method returns.
        long started = _engine.TimeProvider.GetTimestamp();
        Activity? activity = _engine.TurnStarted(Id, userMessage);

        ChatResponse response;
        string? refusal;
        try
        {
            response = await _engine.ChatClient.GetResponseAsync(request, _chatOptions, cancellationToken).ConfigureAwait(false);
            if (turn.Failure is not null)
            {
                throw turn.Failure;
            }

            EnsureEveryToolCallAnswered(response.Messages);
            refusal = TurnOutcome.RefusalOf(response);
            TurnOutcome.ThrowIfRefused(response, refusal, _engine.Options);
        }
        catch (Exception ex)
        {
            IReadOnlyList<ConversationImage> saved = turn.Images;
            Exception failure = TurnOutcome.Failure(ex, saved, _engine.IsDisposed, cancellationToken);
            lock (_stateGate)
            {
                _usage += turn.Usage; // Spent tokens stay spent, even when the turn is rolled back.
                _uncommittedImages.AddRange(saved);
            }

            _engine.TurnFailed(Id, activity, failure, started);
            if (failure == ex)
            {
                throw;
            }

            throw failure;
        }

        IReadOnlyList<ConversationImage> images = turn.Images;
        List<ChatMessage> added = [userMessage, .. response.Messages];
        ChatMessage[] kept = MessageCopies.DeepCopy(added); // The caller gets the turn's objects; the history keeps its own.
        lock (_stateGate)
        {
            _history.AddRange(kept);
            _images.AddRange(images);
            _usage += turn.Usage;
        }

        // Committed: from here on nothing may throw (TurnCompleted isolates loggers and listeners).
        _engine.TurnCompleted(Id, activity, turn.Usage, started);
        return new ChatTurnResult
        {
            Text = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? string.Empty,
            FinishReason = response.FinishReason,
            Refusal = refusal,
            Images = images,
            Usage = turn.Usage,
            Calls = turn.Calls,
            Messages = added,
        };
    }

    private ChatMessage[] HistorySnapshot()
    {
        lock (_stateGate)
        {
            return [.. _history];
        }
    }

    /// <summary>
    /// Refuses to commit a turn that ends with a tool call and no result: the next request would carry it and the
    /// provider would reject it (OpenAI answers 400).
    /// </summary>
    private static void EnsureEveryToolCallAnswered(IList<ChatMessage> messages)
    {
        HashSet<string> answered = [.. messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.CallId)];
        if (messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault(c => !c.InformationalOnly && !answered.Contains(c.CallId)) is { } unanswered)
        {
            throw new ImageChatException(
                $"The turn ended with the tool call '{unanswered.Name}' ({unanswered.CallId}) unanswered; it was not added to the history.");
        }
    }
}
