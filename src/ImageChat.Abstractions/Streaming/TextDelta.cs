namespace ImageChat;

/// <summary>
/// A piece of the model's reply text, as it arrives. Concatenated in order, the pieces of a turn are
/// <see cref="ChatTurnResult.Text"/> (plus any text the model wrote before calling a tool).
/// </summary>
public sealed record TextDelta : TurnUpdate
{
    /// <summary>Gets the text that arrived.</summary>
    public required string Text { get; init; }
}
