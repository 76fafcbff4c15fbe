namespace ImageChat;

/// <summary>
/// The base of the exceptions ImageChat throws when a turn cannot be completed.
/// </summary>
/// <remarks>
/// A turn that ends with this exception has left the conversation's history as it was before the turn. Every failure of
/// a turn surfaces as this exception or one derived from it (an exception a tool or a client threw is its inner exception);
/// a cancellation surfaces as <see cref="TurnCancelledException"/>. Images saved before the failure stay where they were
/// saved and are listed in <see cref="ImagesSavedBeforeFailure"/> and in <see cref="IImageChatConversation.UncommittedImages"/>.
/// </remarks>
public class ImageChatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ImageChatException"/> class.</summary>
    public ImageChatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageChatException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public ImageChatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageChatException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ImageChatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets the images the failed turn saved before it failed. They were paid for and stay where the image store put them,
    /// but they were not added to the conversation's history or <see cref="IImageChatConversation.Images"/>.
    /// </summary>
    public IReadOnlyList<ConversationImage> ImagesSavedBeforeFailure { get; internal set; } = [];
}
