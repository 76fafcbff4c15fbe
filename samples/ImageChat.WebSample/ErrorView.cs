namespace ImageChat.WebSample;

/// <summary>A failed request, as the page shows it: one sentence for the user, never a stack trace or a secret.</summary>
/// <param name="Error">What went wrong and what to do.</param>
public sealed record ErrorView(string Error);
