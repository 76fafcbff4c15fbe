namespace ImageChat.WebSample;

/// <summary>The body of a message the page sends.</summary>
/// <param name="Text">What the user typed.</param>
public sealed record MessageRequest(string? Text);
