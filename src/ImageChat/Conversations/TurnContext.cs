using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The state of the turn running on this async flow. The conversation sets it; the image tool and the call
/// tracking below the function-invocation loop add to it, and tools report their progress through it
/// (<see cref="ReportAsync"/>). Tools and clients used outside a conversation see none.
/// </summary>
internal sealed class TurnContext
{
    private static readonly AsyncLocal<TurnContext?> CurrentTurn = new();
    private readonly Lock _gate = new();
    private readonly List<ConversationImage> _images = [];
    private readonly List<ModelCall> _calls = [];
    private UsageSummary _usage = UsageSummary.Empty;

    private readonly ChannelWriter<TurnUpdate>? _updates;
    private long _firstUpdateTimestamp;

    /// <param name="conversation">The conversation the turn belongs to.</param>
    /// <param name="userMessage">The message that started the turn.</param>
    /// <param name="updates">Where a streamed turn's updates go, read by the caller one by one; <see langword="null"/> when nobody listens.</param>
    public TurnContext(ImageChatConversation conversation, ChatMessage userMessage, ChannelWriter<TurnUpdate>? updates)
    {
        Conversation = conversation;
        UserMessage = userMessage;
        _updates = updates;
    }

    public static TurnContext? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public ImageChatConversation Conversation { get; }

    public ChatMessage UserMessage { get; }

    /// <summary>Gets a value indicating whether the turn streams: its chat calls stream and its updates are read.</summary>
    public bool IsStreaming => _updates is not null;

    /// <summary>Gets or sets the turn's span, open from the turn's start to its commit or rollback.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Gets or sets when the turn started, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long StartedTimestamp { get; set; }

    /// <summary>Gets when the first update was handed on, as a <see cref="TimeProvider"/> timestamp; 0 before.</summary>
    public long FirstUpdateTimestamp => Interlocked.Read(ref _firstUpdateTimestamp);

    /// <summary>Gets or sets the failure that must end the turn once the loop returns (see <see cref="ImageFailureHandling.FailTurn"/>).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<ConversationImage> Images
    {
        get
        {
            lock (_gate)
            {
                return [.. _images];
            }
        }
    }

    public IReadOnlyList<ModelCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public UsageSummary Usage
    {
        get
        {
            lock (_gate)
            {
                return _usage;
            }
        }
    }

    public void AddImage(ConversationImage image)
    {
        lock (_gate)
        {
            _images.Add(image);
            _usage += new UsageSummary(TokenUsage.Zero, image.Usage ?? TokenUsage.Zero, 1, 0);
        }
    }

    public void AddCall(ModelCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
            _usage += new UsageSummary(call.Usage, TokenUsage.Zero, 0, 1);
        }
    }

    /// <summary>
    /// Hands an update to the caller of a streamed turn, waiting while it has not taken the previous one (backpressure);
    /// does nothing when the turn is not streamed. Safe to call from tools running side by side.
    /// </summary>
    /// <param name="update">The update; tool updates name their tool call.</param>
    /// <param name="cancellationToken">Cancels the wait, as when the caller stops enumerating.</param>
    public ValueTask ReportAsync(TurnUpdate update, CancellationToken cancellationToken)
    {
        if (_updates is null)
        {
            return ValueTask.CompletedTask;
        }

        Interlocked.CompareExchange(ref _firstUpdateTimestamp, Conversation.Engine.TimeProvider.GetTimestamp(), 0);
        return _updates.WriteAsync(update, cancellationToken);
    }

    /// <summary>Ends the stream of updates; the caller then commits the turn or sees its failure.</summary>
    public void CompleteUpdates() => _updates?.TryComplete();

    /// <summary>Tells whether a request is the first of its turn or follows tool results.</summary>
    public static ModelCallKind KindOf(IEnumerable<ChatMessage> messages) =>
        messages.LastOrDefault()?.Role == ChatRole.Tool ? ModelCallKind.PostToolResponse : ModelCallKind.InitialChat;
}
