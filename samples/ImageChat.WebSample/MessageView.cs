namespace ImageChat.WebSample;

/// <summary>A message as the page shows it.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Html">The text as safe HTML (see <see cref="ReplyMarkup"/>).</param>
/// <param name="Images">The images the message brought that its text does not already show inline.</param>
public sealed record MessageView(string Role, string Html, IReadOnlyList<ImageView> Images);
