namespace ImageChat;

/// <summary>
/// A turn was cancelled through its caller's <see cref="CancellationToken"/>. The history is as it was before the turn.
/// </summary>
/// <remarks>
/// It derives from <see cref="OperationCanceledException"/>, not from <see cref="ImageChatException"/>, so that the usual
/// <c>catch (OperationCanceledException)</c> of hosts, ASP.NET Core and Polly keeps treating it as a cancellation (and never
/// as a failure to retry). <see cref="OperationCanceledException.CancellationToken"/> is the caller's token and the inner
/// exception is the cancellation as it was raised.
/// </remarks>
public sealed class TurnCancelledException : OperationCanceledException
{
    /// <summary>Initializes a new instance of the <see cref="TurnCancelledException"/> class.</summary>
    /// <param name="message">What was cancelled.</param>
    /// <param name="innerException">The cancellation as it was raised inside the turn.</param>
    /// <param name="token">The caller's token that was cancelled.</param>
    public TurnCancelledException(string message, Exception? innerException, CancellationToken token)
        : base(message, innerException, token)
    {
    }

    /// <summary>
    /// Gets the images the cancelled turn saved before it was cancelled. They were paid for and stay where the image store
    /// put them, but they are not in the conversation's history or <see cref="IImageChatConversation.Images"/>; the
    /// conversation also lists them in <see cref="IImageChatConversation.UncommittedImages"/>.
    /// </summary>
    public IReadOnlyList<ConversationImage> ImagesSavedBeforeFailure { get; internal set; } = [];
}
