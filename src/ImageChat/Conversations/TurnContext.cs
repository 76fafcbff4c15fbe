using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The state of the turn running on this async flow. The conversation sets it; the image tool and the call
/// tracking below the function-invocation loop add to it. Tools and clients used outside a conversation see none.
/// </summary>
internal sealed class TurnContext
{
    private static readonly AsyncLocal<TurnContext?> CurrentTurn = new();
    private readonly Lock _gate = new();
    private readonly List<ConversationImage> _images = [];
    private readonly List<ModelCall> _calls = [];
    private UsageSummary _usage = UsageSummary.Empty;

    public TurnContext(ImageChatConversation conversation) => Conversation = conversation;

    public static TurnContext? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public ImageChatConversation Conversation { get; }

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

    /// <summary>Tells whether a request is the first of its turn or follows tool results.</summary>
    public static ModelCallKind KindOf(IEnumerable<ChatMessage> messages) =>
        messages.LastOrDefault()?.Role == ChatRole.Tool ? ModelCallKind.PostToolResponse : ModelCallKind.InitialChat;
}
