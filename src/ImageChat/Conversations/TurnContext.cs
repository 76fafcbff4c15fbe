using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The state of the turn running on this async flow. The conversation sets it; the image tool and the call
/// tracking below the function-invocation loop add to it, and tools report their progress through it
/// (<see cref="ReportAsync"/>). Tools and clients used outside a conversation see none.
/// </summary>
/// <remarks>Tool calls of one model response may run concurrently (see <see cref="ToolCallGate"/>): every member is thread-safe.</remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "The tool-call gate never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose.")]
internal sealed class TurnContext
{
    private static readonly AsyncLocal<TurnContext?> CurrentTurn = new();
    private readonly Lock _gate = new();
    private readonly List<(int Iteration, int CallIndex, ConversationImage Image)> _images = [];
    private readonly List<ModelCall> _calls = [];
    private UsageSummary _usage = UsageSummary.Empty;
    private Exception? _failure;
    private int _reservedImages;
    private SemaphoreSlim? _toolCallGate;

    private readonly ChannelWriter<TurnUpdate>? _updates;
    private long _firstUpdateTimestamp;
    private volatile bool _abandoned;

    /// <summary>Initializes a new instance of the <see cref="TurnContext"/> class for a turn starting on this async flow.</summary>
    /// <param name="conversation">The conversation whose turn it is.</param>
    /// <param name="userMessage">The message that started the turn.</param>
    /// <param name="updates">Where a streamed turn's updates go, read by the caller one by one; <see langword="null"/> when nobody listens.</param>
    public TurnContext(ImageChatConversation conversation, ChatMessage userMessage, ChannelWriter<TurnUpdate>? updates)
    {
        Conversation = conversation;
        UserMessage = userMessage;
        _updates = updates;
        Outer = Current; // A tool of another conversation's turn started this one.
    }

    public static TurnContext? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public ImageChatConversation Conversation { get; }

    public ChatMessage UserMessage { get; }

    /// <summary>Gets the turn whose tool started this one, if any.</summary>
    public TurnContext? Outer { get; }

    /// <summary>Gets a value indicating whether the turn streams: its chat calls stream and its updates are read.</summary>
    public bool IsStreaming => _updates is not null;

    /// <summary>Gets a value indicating whether the caller of a streamed turn stopped reading it before it completed.</summary>
    public bool IsAbandoned => _abandoned;

    /// <summary>Gets or sets the turn's span, open from the turn's start to its commit or rollback.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Gets or sets when the turn started, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long StartedTimestamp { get; set; }

    /// <summary>Gets when the first update was handed on, as a <see cref="TimeProvider"/> timestamp; 0 before.</summary>
    public long FirstUpdateTimestamp => Interlocked.Read(ref _firstUpdateTimestamp);

    /// <summary>Gets the failure that must end the turn once the loop returns (see <see cref="ImageFailureHandling.FailTurn"/>).</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Gets the gate that bounds how many tool calls of this turn run at once (<see cref="ImageChatOptions.MaxConcurrentToolCalls"/>).</summary>
    public SemaphoreSlim ToolCallGate
    {
        get
        {
            // Made by the turn's first tool call: a turn that calls no tool needs none.
            if (Volatile.Read(ref _toolCallGate) is { } gate)
            {
                return gate;
            }

            int max = Conversation.Engine.Options.MaxConcurrentToolCalls;
            SemaphoreSlim created = new(max, max);
            return Interlocked.CompareExchange(ref _toolCallGate, created, null) ?? created;
        }
    }

    /// <summary>
    /// Gets the images saved so far, in the order the model called for them (round, then position in the round), not the
    /// order concurrent calls happened to finish: a turn's images are the same whether its calls ran at once or one by one.
    /// </summary>
    public IReadOnlyList<ConversationImage> Images
    {
        get
        {
            lock (_gate)
            {
                if (_images.Count == 0)
                {
                    return [];
                }

                ConversationImage[] images = new ConversationImage[_images.Count];
                for (int i = 0; i < images.Length; i++)
                {
                    images[i] = _images[i].Image;
                }

                return images;
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

    /// <summary>Tells whether a turn of the conversation is running on this async flow, so that a new one would wait for itself.</summary>
    public static bool IsRunning(ImageChatConversation conversation)
    {
        for (TurnContext? turn = Current; turn is not null; turn = turn.Outer)
        {
            if (turn.Conversation == conversation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records the failure that ends the turn; the first one wins when parallel tool calls fail together.</summary>
    public void Fail(Exception failure) => Interlocked.CompareExchange(ref _failure, failure, null);

    /// <summary>Takes one of the turn's image slots before the image model is called; false once <paramref name="limit"/> are taken.</summary>
    public bool TryReserveImage(int limit)
    {
        int reserved = Volatile.Read(ref _reservedImages);
        while (reserved < limit)
        {
            int seen = Interlocked.CompareExchange(ref _reservedImages, reserved + 1, reserved);
            if (seen == reserved)
            {
                return true;
            }

            reserved = seen;
        }

        return false;
    }

    /// <summary>Gives a slot back when the image model surely made no image, so that the failure costs no slot.</summary>
    public void ReleaseImage() => Interlocked.Decrement(ref _reservedImages);

    public void AddImage(ConversationImage image)
    {
        FunctionInvocationContext? call = FunctionInvokingChatClient.CurrentContext;
        (int Iteration, int CallIndex, ConversationImage Image) entry = (call?.Iteration ?? int.MaxValue, call?.FunctionCallIndex ?? int.MaxValue, image);
        lock (_gate)
        {
            // Kept in call order as they come: after every image of an earlier or the same call, before those of later ones.
            int at = _images.Count;
            while (at > 0 && (_images[at - 1].Iteration, _images[at - 1].CallIndex).CompareTo((entry.Iteration, entry.CallIndex)) > 0)
            {
                at--;
            }

            _images.Insert(at, entry);
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

    /// <summary>Marks the turn as abandoned by its reader, before it is cancelled: its cancellation is nobody's failure.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Ends the stream of updates; the caller then commits the turn or sees its failure.</summary>
    public void CompleteUpdates() => _updates?.TryComplete();

    /// <summary>Tells whether a request is the first of its turn or follows tool results.</summary>
    public static ModelCallKind KindOf(IEnumerable<ChatMessage> messages) =>
        messages.LastOrDefault()?.Role == ChatRole.Tool ? ModelCallKind.PostToolResponse : ModelCallKind.InitialChat;
}
