namespace ImageChat;

/// <summary>
/// The last update of a streamed turn: the turn has been committed to the conversation's history.
/// </summary>
public sealed record TurnCompleted : TurnUpdate
{
    /// <summary>Gets what the turn produced: the same result <c>SendAsync</c> returns.</summary>
    public required ChatTurnResult Result { get; init; }
}
