using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The default <see cref="IImageChatConversation"/>: serializes turns and commits each one atomically. A turn, streamed
/// or not, runs one path (<see cref="RunTurnAsync"/>, then <see cref="Commit"/> or <see cref="RollBack"/>); only the
/// chat call differs, streamed when someone reads the updates.
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

    public IReadOnlyList<ChatMessage> History
    {
        get
        {
            lock (_stateGate)
            {
                return [.. _history];
            }
        }
    }

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
        await _turnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TurnContext turn = new(this, userMessage, updates: null);
            ChatResponse response = await RunTurnAsync(turn, cancellationToken).ConfigureAwait(false);
            return Commit(turn, response);
        }
        finally
        {
            _turnGate.Release();
        }
    }

    public IAsyncEnumerable<TurnUpdate> SendStreamingAsync(string message, CancellationToken cancellationToken = default) =>
        StreamTurnAsync(CreateUserMessage(message), cancellationToken);

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

    /// <summary>
    /// Runs a streamed turn: the turn itself runs as a producer writing into a bounded channel, so that tools can report
    /// progress while the loop is busy; this iterator hands the updates on one by one and commits on the caller's side,
    /// after the caller has taken every update, so that stopping early always rolls back.
    /// </summary>
    private async IAsyncEnumerable<TurnUpdate> StreamTurnAsync(ChatMessage userMessage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _turnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        Channel<TurnUpdate> updates = Channel.CreateBounded<TurnUpdate>(new BoundedChannelOptions(1) { SingleReader = true });
        TurnContext turn = new(this, userMessage, updates.Writer);
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ChatResponse>? producer = null;
        ChatTurnResult? result = null;
        try
        {
            producer = ProduceAsync(turn, stop.Token);
            while (await updates.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (updates.Reader.TryRead(out TurnUpdate? update))
                {
                    yield return update;
                }
            }

            result = Commit(turn, await producer.ConfigureAwait(false));
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

    private async Task<ChatResponse> ProduceAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        try
        {
            return await RunTurnAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.CompleteUpdates();
        }
    }

    /// <summary>
    /// Stops a streamed turn that will not commit, and waits for it, so that the next turn starts on the history as before.
    /// A turn that failed has rolled itself back; one that finished but whose caller stopped reading is rolled back here.
    /// </summary>
    private async Task AbandonAsync(TurnContext turn, Task<ChatResponse> producer, CancellationTokenSource stop)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // RunTurnAsync rolled the turn back; the caller sees the failure from its own await, or left.
        }

        RollBack(turn, new OperationCanceledException("The caller stopped reading the turn's updates before it completed."));
    }

    /// <summary>
    /// The one path of a turn, streamed or not, up to the commit: the model and the tool loop run on a request of the
    /// history plus the user message; on any failure the turn is rolled back and the failure rethrown.
    /// </summary>
    private async Task<ChatResponse> RunTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        List<ChatMessage> request = [.. History, turn.UserMessage];
        TurnContext.Current = turn; // Flows into the loop and its tools; reverts for our caller when this method returns.
        turn.Activity = ImageChatInstrumentation.StartTurn(Id);
        turn.StartedTimestamp = _engine.TimeProvider.GetTimestamp();
        _engine.LogTurnStarted(Id, turn.UserMessage);
        try
        {
            ChatResponse response = turn.IsStreaming
                ? await StreamResponseAsync(request, turn, cancellationToken).ConfigureAwait(false)
                : await _engine.ChatClient.GetResponseAsync(request, _chatOptions, cancellationToken).ConfigureAwait(false);
            if (turn.Failure is not null)
            {
                throw turn.Failure;
            }

            EnsureEveryToolCallAnswered(response.Messages);
            return response;
        }
        catch (Exception ex)
        {
            RollBack(turn, ex);
            throw;
        }
    }

    /// <summary>Streams the model and tool loop, handing the reply text on as it arrives; tools report their own progress.</summary>
    private async Task<ChatResponse> StreamResponseAsync(List<ChatMessage> request, TurnContext turn, CancellationToken cancellationToken)
    {
        List<ChatResponseUpdate> received = [];
        await foreach (ChatResponseUpdate update in _engine.ChatClient.GetStreamingResponseAsync(request, _chatOptions, cancellationToken).ConfigureAwait(false))
        {
            received.Add(update);
            if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
            {
                await turn.ReportAsync(new TextDelta { Text = text }, cancellationToken).ConfigureAwait(false);
            }
        }

        return received.ToChatResponse();
    }

    /// <summary>Leaves the history as before the turn; the tokens and images it spent stay counted.</summary>
    private void RollBack(TurnContext turn, Exception reason)
    {
        if (reason is ImageChatException failure)
        {
            failure.ImagesSavedBeforeFailure = turn.Images;
        }

        lock (_stateGate)
        {
            _usage += turn.Usage; // Spent tokens stay spent, even when the turn is rolled back.
        }

        _engine.LogTurnFailed(Id, reason);
        _engine.Instrumentation.TurnFailed(turn.Activity, reason, _engine.TimeProvider.GetElapsedTime(turn.StartedTimestamp));
        turn.Activity?.Dispose();
    }

    private ChatTurnResult Commit(TurnContext turn, ChatResponse response)
    {
        IReadOnlyList<ConversationImage> images = turn.Images;
        List<ChatMessage> added = [turn.UserMessage, .. response.Messages];
        lock (_stateGate)
        {
            _history.AddRange(added);
            _images.AddRange(images);
            _usage += turn.Usage;
        }

        _engine.LogTurnCompleted(Id, turn.Usage);
        _engine.Instrumentation.TurnCompleted(turn.Activity, turn.Usage, _engine.TimeProvider.GetElapsedTime(turn.StartedTimestamp), TimeToFirstUpdate(turn));
        turn.Activity?.Dispose();
        return new ChatTurnResult
        {
            Text = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? string.Empty,
            Images = images,
            Usage = turn.Usage,
            Calls = turn.Calls,
            Messages = added,
        };
    }

    private TimeSpan? TimeToFirstUpdate(TurnContext turn) =>
        turn.FirstUpdateTimestamp == 0 ? null : _engine.TimeProvider.GetElapsedTime(turn.StartedTimestamp, turn.FirstUpdateTimestamp);

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
