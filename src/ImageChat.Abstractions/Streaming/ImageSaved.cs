namespace ImageChat;

/// <summary>
/// An image was generated and saved. It joins the conversation's images when the turn completes; if the turn does not
/// complete, the image stays where it was saved and is listed in <c>IImageChatConversation.UncommittedImages</c>.
/// </summary>
public sealed record ImageSaved : TurnUpdate
{
    /// <summary>Gets the id of the tool call that asked for the image.</summary>
    public required string CallId { get; init; }

    /// <summary>Gets the saved image.</summary>
    public required ConversationImage Image { get; init; }
}
