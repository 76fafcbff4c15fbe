namespace ImageChat;

/// <summary>
/// Why a chat-model call was made, as the call log names it.
/// </summary>
public enum ModelCallKind
{
    /// <summary>The first call of a turn, answering the user's message ("Initial Chat").</summary>
    InitialChat,

    /// <summary>A call that sends tool results back to the model ("Post-Tool Response").</summary>
    PostToolResponse,
}
