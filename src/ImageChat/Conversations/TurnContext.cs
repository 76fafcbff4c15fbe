using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The state of the turn running on this async flow. The conversation sets it; the image tool and the call
/// tracking below the function-invocation loop add to it. Tools and clients used outside a conversation see none.
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

    /// <summary>Initializes a new instance of the <see cref="TurnContext"/> class for a turn starting on this async flow.</summary>
    /// <param name="conversation">The conversation whose turn it is.</param>
    /// <param name="maxConcurrentToolCalls">How many tool calls of the turn may run at once.</param>
    public TurnContext(ImageChatConversation conversation, int maxConcurrentToolCalls)
    {
        Conversation = conversation;
        Outer = Current; // A tool of another conversation's turn started this one.
        ToolCallGate = new SemaphoreSlim(maxConcurrentToolCalls, maxConcurrentToolCalls);
    }

    public static TurnContext? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public ImageChatConversation Conversation { get; }

    /// <summary>Gets the turn whose tool started this one, if any.</summary>
    public TurnContext? Outer { get; }

    /// <summary>Gets the failure that must end the turn once the loop returns (see <see cref="ImageFailureHandling.FailTurn"/>).</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Gets the gate that bounds how many tool calls of this turn run at once (<see cref="ImageChatOptions.MaxConcurrentToolCalls"/>).</summary>
    public SemaphoreSlim ToolCallGate { get; }

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
                return [.. _images.OrderBy(i => i.Iteration).ThenBy(i => i.CallIndex).Select(i => i.Image)];
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
        lock (_gate)
        {
            _images.Add((call?.Iteration ?? int.MaxValue, call?.FunctionCallIndex ?? int.MaxValue, image));
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

    /// <summary>Tells whether a request is the first of its turn or follows tool results.</summary>
    public static ModelCallKind KindOf(IEnumerable<ChatMessage> messages) =>
        messages.LastOrDefault()?.Role == ChatRole.Tool ? ModelCallKind.PostToolResponse : ModelCallKind.InitialChat;
}
