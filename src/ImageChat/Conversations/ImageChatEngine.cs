using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// What every conversation of a client shares: the chat pipeline (function-invocation loop on top), the tools, the options,
/// and whether the client was disposed.
/// </summary>
internal sealed class ImageChatEngine : IDisposable
{
    private readonly ILogger _logger;
    private volatile bool _disposed;

    public ImageChatEngine(
        [FromKeyedServices(ImageChatServiceKeys.Pipeline)] IChatClient chatClient,
        IToolRegistry tools,
        IConversationStore conversationStore,
        IOptions<ImageChatOptions> options,
        TimeProvider timeProvider,
        ImageChatInstrumentation instrumentation,
        ILogger<ImageChatEngine> logger)
    {
        Instrumentation = instrumentation;
        ChatClient = chatClient;
        Tools = tools;
        DefaultChatOptions = new ChatOptions { Tools = Array.AsReadOnly([.. tools.Tools]) };
        ConversationStore = conversationStore;
        Options = options.Value;
        TimeProvider = timeProvider;
        _logger = logger;
    }

    public IChatClient ChatClient { get; }

    public IToolRegistry Tools { get; }

    /// <summary>
    /// Gets the chat options of every conversation started without options of its own: the registry's tools. Shared, so
    /// that a conversation costs no copy of them; nothing changes them after this (the loop and providers copy what they
    /// change), and their tool list is read-only, so that middleware that would change it in place fails instead of
    /// changing every conversation.
    /// </summary>
    public ChatOptions DefaultChatOptions { get; }

    /// <summary>Gets where conversations are kept between turns; every turn is saved there before it commits.</summary>
    public IConversationStore ConversationStore { get; }

    public ImageChatOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ImageChatInstrumentation Instrumentation { get; }

    public bool IsDisposed => _disposed;

    /// <summary>
    /// Loads the stored conversation when the store holds a version above <paramref name="version"/>, for a conversation
    /// to adopt (<see cref="StoredConversation.Newer"/>), and tells whether the store holds any version of it. The
    /// in-memory store hands over its committed state as it is, so that catching up costs a turn nothing.
    /// </summary>
    public async ValueTask<StoredConversation> LoadNewerAsync(string id, long version, CancellationToken cancellationToken)
    {
        if (ConversationStore is InMemoryConversationStore memory)
        {
            return memory.LoadNewer(id, version, cancellationToken);
        }

        ConversationState? stored = await ConversationStore.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        return new StoredConversation(stored?.Version > version ? stored : null, stored is not null);
    }

    /// <summary>Logs that a conversation's stored state is gone, so that the conversation starts over. A logger that throws costs nothing.</summary>
    public void ConversationStartsOver(string conversationId, long version)
    {
        try
        {
            Log.ConversationStartsOver(_logger, conversationId, version);
        }
        catch (Exception ex)
        {
            ObserverFailed(ex);
        }
    }

    /// <summary>
    /// Saves a turn's committed state, whose <paramref name="added"/> messages are the turn's. Not cancellable: a save cut
    /// short could land in the store after the turn was rolled back in memory. The in-memory store keeps the state as it is.
    /// </summary>
    public Task SaveCommittedAsync(ConversationState state, IReadOnlyList<ChatMessage> added)
    {
        if (ConversationStore is InMemoryConversationStore memory)
        {
            memory.SaveCommitted(state, added);
            return Task.CompletedTask;
        }

        return ConversationStore.SaveAsync(state, CancellationToken.None);
    }

    /// <summary>Marks the client disposed: its conversations refuse new turns from now on.</summary>
    public void Dispose() => _disposed = true;

    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw Disposed(null);
        }
    }

    /// <summary>The failure of a call on a disposed client or one of its conversations; <paramref name="innerException"/> is what a turn cut short by the disposal threw.</summary>
    public static ObjectDisposedException Disposed(Exception? innerException)
    {
        const string Message = "The ImageChat client (IImageChatClient) was disposed, and its conversations with it; build or resolve a new client.";
        return innerException is null ? new ObjectDisposedException(nameof(IImageChatClient), Message) : new ObjectDisposedException(Message, innerException);
    }

    /// <summary>Logs and traces the start of a turn. A logger or listener that throws costs the turn its span, never the turn.</summary>
    public Activity? TurnStarted(string conversationId, ChatMessage userMessage)
    {
        try
        {
            Log.TurnStarted(_logger, conversationId);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                Log.TurnMessage(_logger, conversationId, userMessage.Text);
            }

            return ImageChatInstrumentation.StartTurn(conversationId);
        }
        catch (Exception ex)
        {
            ObserverFailed(ex);
            return null;
        }
    }

    /// <summary>
    /// Logs, traces and measures a committed turn. Nothing here may throw: the history already holds the turn, so a
    /// throwing logger, <see cref="ActivityListener"/> or meter listener must not make the caller believe it failed.
    /// </summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="activity">The turn's span.</param>
    /// <param name="usage">What the turn consumed.</param>
    /// <param name="started">When the turn started, as a <see cref="TimeProvider"/> timestamp.</param>
    /// <param name="firstUpdate">When a streamed turn handed on its first update, as a timestamp; 0 when it had none.</param>
    public void TurnCompleted(string conversationId, Activity? activity, UsageSummary usage, long started, long firstUpdate)
    {
        try
        {
            Log.TurnCompleted(_logger, conversationId, usage.ModelCallCount, usage.ImageCount, usage.Chat.TotalTokens);
            Instrumentation.TurnCompleted(activity, usage, TimeProvider.GetElapsedTime(started), firstUpdate == 0 ? null : TimeProvider.GetElapsedTime(started, firstUpdate));
        }
        catch (Exception ex)
        {
            ObserverFailed(ex);
        }

        StopActivity(activity);
    }

    /// <summary>Logs, traces and measures a failed turn; a throwing observer never replaces the turn's own failure.</summary>
    public void TurnFailed(string conversationId, Activity? activity, Exception exception, long started)
    {
        try
        {
            if (exception is OperationCanceledException)
            {
                Log.TurnCancelled(_logger, conversationId);
            }
            else
            {
                Log.TurnFailed(_logger, conversationId, exception);
            }

            Instrumentation.TurnFailed(activity, exception, TimeProvider.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            ObserverFailed(ex);
        }

        StopActivity(activity);
    }

    private void StopActivity(Activity? activity)
    {
        try
        {
            activity?.Dispose(); // Runs the listeners' ActivityStopped callbacks.
        }
        catch (Exception ex)
        {
            ObserverFailed(ex);
        }
    }

    private void ObserverFailed(Exception exception)
    {
        try
        {
            Log.ObserverFailed(_logger, exception);
        }
        catch (Exception)
        {
            // The logger itself is what throws: there is nowhere left to report it, and the turn must not pay for it.
        }
    }
}
