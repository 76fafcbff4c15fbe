namespace ImageChat;

/// <summary>
/// The model called a tool and the tool starts running; its arguments are complete.
/// </summary>
public sealed record ToolCallStarted : TurnUpdate
{
    /// <summary>Gets the id the model gave the tool call.</summary>
    public required string CallId { get; init; }

    /// <summary>Gets the tool's name, such as <c>generate_image</c>.</summary>
    public required string ToolName { get; init; }

    /// <summary>Gets the arguments as a JSON object, as the model wrote them when the provider kept its text.</summary>
    public required string Arguments { get; init; }
}
