namespace ImageChat;

/// <summary>
/// One thing that happened in a streamed turn (see <c>IImageChatConversation.SendStreamingAsync</c>). The kinds form a
/// closed set a UI can switch on: <see cref="TextDelta"/>, <see cref="ToolCallStarted"/>,
/// <see cref="ImageGenerationStarted"/>, <see cref="ImagePreview"/>, <see cref="ImageSaved"/> and, last,
/// <see cref="TurnCompleted"/>.
/// </summary>
/// <remarks>
/// Updates about a tool call carry its <c>CallId</c>, so that the updates of tool calls running side by side can be told apart.
/// </remarks>
public abstract record TurnUpdate
{
    // Only this assembly defines kinds, so that a switch over them stays complete.
    private protected TurnUpdate()
    {
    }
}
