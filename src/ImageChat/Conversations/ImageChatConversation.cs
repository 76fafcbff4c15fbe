using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The default <see cref="IImageChatConversation"/>: serializes turns and commits each one atomically. A turn, streamed
/// or not, runs one path (<see cref="RunTurnAsync"/>, then <see cref="CommitAsync"/> or <see cref="RollBack"/>); only the
/// chat call differs, streamed when someone reads the updates. Each turn first catches up with the conversation store
/// (another server may have saved a newer version) and saves its result there before it commits in memory.
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
    private List<ConversationImage>? _uncommittedImages; // Made by the first failed turn that saved an image: most conversations have none.
    private UsageSummary _usage = UsageSummary.Empty;
    private string _systemPrompt;
    private long _version;
    private int _callCount;

    public ImageChatConversation(ImageChatEngine engine, string id, string systemPrompt, ChatOptions? chatOptions)
    {
        _engine = engine;
        Id = id;
        _systemPrompt = systemPrompt;
        if (systemPrompt.Length > 0)
        {
            _history.Add(new ChatMessage(ChatRole.System, systemPrompt));
        }

        if (chatOptions is null)
        {
            _chatOptions = engine.DefaultChatOptions;
        }
        else
        {
            _chatOptions = chatOptions.Clone();
            _chatOptions.Tools = [.. engine.Tools.Tools, .. _chatOptions.Tools ?? []];
        }
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

    public ConversationImage? CurrentImage
    {
        get
        {
            lock (_stateGate)
            {
                return _images.Count == 0 ? null : _images[^1];
            }
        }
    }

    public IReadOnlyList<ConversationImage> UncommittedImages
    {
        get
        {
            lock (_stateGate)
            {
                return _uncommittedImages is null ? [] : [.. _uncommittedImages];
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
        ChatMessage userMessage = CreateUserMessage(message);
        await EnterTurnAsync(nameof(SendAsync), cancellationToken).ConfigureAwait(false);
        try
        {
            TurnContext turn = new(this, userMessage, updates: null);
            ChatResponse response = await RunTurnAsync(turn, cancellationToken, cancellationToken).ConfigureAwait(false);
            return await CommitAsync(turn, response).ConfigureAwait(false);
        }
        finally
        {
            _turnGate.Release();
        }
    }

    public IAsyncEnumerable<TurnUpdate> SendStreamingAsync(string message, CancellationToken cancellationToken = default) =>
        StreamTurnAsync(CreateUserMessage(message), cancellationToken);

    /// <summary>
    /// Adopts the stored version of this conversation when the store holds a newer one than this object (saved by another
    /// server, or by an earlier object of this id). A conversation the store does not have stays as it is while it was
    /// never saved; once saved, its absence means it was deleted or expired, and it starts over with an empty history,
    /// as it would on a server that never held it (rather than failing every later save against a version that is gone).
    /// </summary>
    internal async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        long version = Volatile.Read(ref _version);
        StoredConversation stored = await _engine.LoadNewerAsync(Id, version, cancellationToken).ConfigureAwait(false);
        if (stored.Newer is { } newer)
        {
            Adopt(newer);
        }
        else if (!stored.IsStored && version > 0)
        {
            StartOver(version);
        }
    }

    private void Adopt(ConversationState stored)
    {
        lock (_stateGate)
        {
            if (stored.Version <= _version)
            {
                return;
            }

            _systemPrompt = stored.SystemPrompt;
            ResetHistory();
            _history.AddRange(stored.Messages);
            _images.AddRange(stored.Images);
            _usage = stored.Usage;
            _version = stored.Version;
        }
    }

    /// <summary>
    /// Empties the conversation, whose version <paramref name="forgotten"/> the store no longer holds, unless a turn
    /// committed since the store was asked; keeps its system prompt, as a new conversation under its id would have.
    /// </summary>
    private void StartOver(long forgotten)
    {
        lock (_stateGate)
        {
            if (_version != forgotten)
            {
                return;
            }

            ResetHistory();
            _usage = UsageSummary.Empty;
            _version = 0;
        }

        _engine.ConversationStartsOver(Id, forgotten);
    }

    /// <summary>Empties the history down to its system prompt, and the images. Called under the state lock.</summary>
    private void ResetHistory()
    {
        _history.Clear();
        if (_systemPrompt.Length > 0)
        {
            _history.Add(new ChatMessage(ChatRole.System, _systemPrompt));
        }

        _images.Clear();
    }

    /// <summary>Gets what every conversation of the client shares.</summary>
    internal ImageChatEngine Engine => _engine;

    /// <summary>Hands out the next call number; numbers count across the whole conversation and are never reused.</summary>
    internal int NextCallNumber() => Interlocked.Increment(ref _callCount);

    private ChatMessage CreateUserMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (message.Length > _engine.Options.MaxMessageLength)
        {
            throw new ArgumentException(
                $"The message is {message.Length} characters long; the limit is {_engine.Options.MaxMessageLength} (ImageChatOptions.MaxMessageLength).",
                nameof(message));
        }

        return new ChatMessage(ChatRole.User, message);
    }

    /// <summary>Waits for this conversation's turn: after the running one, in the order asked; refuses a turn that would wait for itself.</summary>
    private async Task EnterTurnAsync(string method, CancellationToken cancellationToken)
    {
        _engine.ThrowIfDisposed();
        if (TurnContext.IsRunning(this))
        {
            throw new InvalidOperationException(
                $"A tool called {method} on conversation '{Id}' while a turn of that conversation was running the tool; the call would wait for its own turn forever. Return what the tool has to say as its result, or use another conversation.");
        }

        try
        {
            await _turnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new TurnCancelledException("The turn was cancelled while it waited for the running turn of the conversation; nothing was sent.", ex, cancellationToken);
        }
    }

    /// <summary>
    /// Runs a streamed turn: the turn itself runs as a producer writing into a bounded channel, so that tools can report
    /// progress while the loop is busy; this iterator hands the updates on one by one and commits on the caller's side,
    /// after the caller has taken every update, so that stopping early always rolls back.
    /// </summary>
    private async IAsyncEnumerable<TurnUpdate> StreamTurnAsync(ChatMessage userMessage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnterTurnAsync(nameof(SendStreamingAsync), cancellationToken).ConfigureAwait(false);
        Channel<TurnUpdate> updates = Channel.CreateBounded<TurnUpdate>(new BoundedChannelOptions(1) { SingleReader = true });
        TurnContext turn = new(this, userMessage, updates.Writer);
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ChatResponse>? producer = null;
        ChatTurnResult? result = null;
        try
        {
            producer = RunTurnAsync(turn, stop.Token, cancellationToken);
            while (await updates.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (updates.Reader.TryRead(out TurnUpdate? update))
                {
                    yield return update;
                }
            }

            ChatResponse response = await producer.ConfigureAwait(false);
            producer = null; // The turn ran to its end: from here the commit decides, and rolls the turn back itself if it cannot save.
            result = await CommitAsync(turn, response).ConfigureAwait(false);
        }
        finally
        {
            if (result is null && producer is not null)
            {
                await AbandonAsync(turn, producer, stop).ConfigureAwait(false);
            }

            _turnGate.Release();
        }

        yield return new TurnCompleted { Result = result };
    }

    /// <summary>
    /// Stops a streamed turn that will not commit, and waits for it, so that the next turn starts on the history as before.
    /// A turn that failed has rolled itself back; one that finished but whose caller stopped reading is rolled back here.
    /// </summary>
    /// <remarks>
    /// The wait does not throw the turn's failure again: each throw through an async frame grows the exception's stack
    /// trace (kilobytes on this path, which a reader that stops early takes every time).
    /// </remarks>
    private async Task AbandonAsync(TurnContext turn, Task<ChatResponse> producer, CancellationTokenSource stop)
    {
        turn.Abandon();
        await stop.CancelAsync().ConfigureAwait(false);
        await ((Task)producer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (producer.IsCompletedSuccessfully)
        {
            RollBack(turn, new OperationCanceledException("The caller stopped reading the turn's updates before it completed."));
        }
        else
        {
            _ = producer.Exception; // Observed: RunTurnAsync rolled the turn back; the caller sees the failure from its own await, or left.
        }
    }

    /// <summary>
    /// The one path of a turn, streamed or not, up to the commit: the model and the tool loop run on a request of the
    /// history plus the user message; on any failure the turn is rolled back and the failure rethrown, typed.
    /// </summary>
    /// <param name="turn">The turn.</param>
    /// <param name="cancellationToken">Stops the turn: the caller's token, or for a streamed turn also its reader leaving.</param>
    /// <param name="callerToken">The caller's token, which a <see cref="TurnCancelledException"/> names.</param>
    private async Task<ChatResponse> RunTurnAsync(TurnContext turn, CancellationToken cancellationToken, CancellationToken callerToken)
    {
        TurnContext.Current = turn; // Flows into the loop and its tools; reverts for our caller when this method returns.
        turn.StartedTimestamp = _engine.TimeProvider.GetTimestamp();
        turn.Activity = _engine.TurnStarted(Id, turn.UserMessage);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            ChatMessage[] request = HistorySnapshot(turn.UserMessage);
            ChatResponse response;
            if (turn.IsStreaming)
            {
                // Streamed here rather than in a method of its own: a reader that leaves early cancels the stream, and
                // every async frame the cancellation is thrown through grows its stack trace.
                List<ChatResponseUpdate> received = [];
                await foreach (ChatResponseUpdate update in _engine.ChatClient.GetStreamingResponseAsync(request, _chatOptions, cancellationToken).ConfigureAwait(false))
                {
                    received.Add(update);
                    if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
                    {
                        await turn.ReportAsync(new TextDelta { Text = text }, cancellationToken).ConfigureAwait(false);
                    }
                }

                response = received.ToChatResponse();
            }
            else
            {
                response = await _engine.ChatClient.GetResponseAsync(request, _chatOptions, cancellationToken).ConfigureAwait(false);
            }

            if (turn.Failure is not null)
            {
                throw turn.Failure;
            }

            EnsureEveryToolCallAnswered(response.Messages);
            TurnOutcome.ThrowIfRefused(response, TurnOutcome.RefusalOf(response), _engine.Options);
            return response;
        }
        catch (Exception ex)
        {
            Exception failure = ex is OperationCanceledException && turn.IsAbandoned
                ? ex // Nobody waits for this one: the reader left.
                : TurnOutcome.Failure(ex, turn.Images, _engine.IsDisposed, callerToken);
            RollBack(turn, failure);
            if (failure == ex)
            {
                throw;
            }

            throw failure;
        }
        finally
        {
            turn.CompleteUpdates(); // A streamed turn's reader learns that no update follows; nothing for one that does not stream.
        }
    }

    /// <summary>
    /// Leaves the history as before the turn. The tokens it spent stay counted and the images it saved are listed in
    /// <see cref="UncommittedImages"/>.
    /// </summary>
    private void RollBack(TurnContext turn, Exception failure)
    {
        lock (_stateGate)
        {
            _usage += turn.Usage; // Spent tokens stay spent, even when the turn is rolled back.
            IReadOnlyList<ConversationImage> saved = turn.Images;
            if (saved.Count > 0)
            {
                (_uncommittedImages ??= []).AddRange(saved);
            }
        }

        _engine.TurnFailed(Id, turn.Activity, failure, turn.StartedTimestamp);
    }

    /// <summary>
    /// Saves the turn's result as the conversation's next version, then commits it in memory. A save that fails (another
    /// server saved first, or the store is unreachable) rolls the turn back: store and memory both stay as before it.
    /// </summary>
    private async Task<ChatTurnResult> CommitAsync(TurnContext turn, ChatResponse response)
    {
        IReadOnlyList<ConversationImage> images = turn.Images;
        List<ChatMessage> added = [turn.UserMessage, .. response.Messages];
        ChatMessage[] kept = MessageCopies.ForHistory(added); // The caller gets the turn's objects; the history keeps its own.
        ConversationState next;
        lock (_stateGate)
        {
            next = new ConversationState
            {
                Id = Id,
                Version = _version + 1,
                SystemPrompt = _systemPrompt,
                Messages = Committed(kept),
                Images = images.Count == 0 ? [.. _images] : [.. _images, .. images],
                Usage = _usage + turn.Usage,
                UpdatedAt = _engine.TimeProvider.GetUtcNow(),
            };
        }

        try
        {
            await _engine.SaveCommittedAsync(next, kept).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Exception failure = TurnOutcome.Failure(
                ex is ImageChatException ? ex : new ImageChatException($"The turn completed, but conversation '{Id}' could not be saved to its store ({ex.Message}); the conversation is as before the turn.", ex),
                images,
                _engine.IsDisposed,
                CancellationToken.None);
            RollBack(turn, failure);
            throw failure;
        }

        lock (_stateGate)
        {
            _history.AddRange(kept);
            _images.AddRange(images);
            _usage = next.Usage; // The sum made for the saved state: turns are serialized, so nothing was added since.
            _version = next.Version;
        }

        // Committed: from here on nothing may throw (TurnCompleted isolates loggers and listeners).
        _engine.TurnCompleted(Id, turn.Activity, turn.Usage, turn.StartedTimestamp, turn.FirstUpdateTimestamp);
        return new ChatTurnResult
        {
            Text = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? string.Empty,
            FinishReason = response.FinishReason,
            Refusal = TurnOutcome.RefusalOf(response),
            Images = images,
            Usage = turn.Usage,
            Calls = turn.Calls,
            Messages = added,
        };
    }

    /// <summary>The messages of the next stored version: the history without the system prompt, then the turn's. Call under the state lock.</summary>
    private ChatMessage[] Committed(ChatMessage[] added)
    {
        int skip = _systemPrompt.Length > 0 ? 1 : 0;
        ChatMessage[] messages = new ChatMessage[_history.Count - skip + added.Length];
        _history.CopyTo(skip, messages, 0, _history.Count - skip);
        added.CopyTo(messages, _history.Count - skip);
        return messages;
    }

    /// <summary>Copies the history's list (not its messages), with <paramref name="next"/> after it when given.</summary>
    private ChatMessage[] HistorySnapshot(ChatMessage? next = null)
    {
        lock (_stateGate)
        {
            ChatMessage[] snapshot = new ChatMessage[_history.Count + (next is null ? 0 : 1)];
            _history.CopyTo(snapshot);
            if (next is not null)
            {
                snapshot[^1] = next;
            }

            return snapshot;
        }
    }

    /// <summary>
    /// Refuses to commit a turn that ends with a tool call and no result: the next request would carry it and the
    /// provider would reject it (OpenAI answers 400).
    /// </summary>
    private static void EnsureEveryToolCallAnswered(IList<ChatMessage> messages)
    {
        // Every turn runs this: indexed loops (no boxed enumerators), and nothing allocated for a turn without tool calls.
        HashSet<string>? answered = null;
        for (int m = 0; m < messages.Count; m++)
        {
            IList<AIContent> contents = messages[m].Contents;
            for (int c = 0; c < contents.Count; c++)
            {
                if (contents[c] is FunctionResultContent result)
                {
                    (answered ??= new HashSet<string>(StringComparer.Ordinal)).Add(result.CallId);
                }
            }
        }

        for (int m = 0; m < messages.Count; m++)
        {
            IList<AIContent> contents = messages[m].Contents;
            for (int c = 0; c < contents.Count; c++)
            {
                if (contents[c] is FunctionCallContent { InformationalOnly: false } call && answered?.Contains(call.CallId) != true)
                {
                    throw new ImageChatException(
                        $"The turn ended with the tool call '{call.Name}' ({call.CallId}) unanswered; it was not added to the history.");
                }
            }
        }
    }
}
