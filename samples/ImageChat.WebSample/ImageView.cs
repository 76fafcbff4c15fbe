namespace ImageChat.WebSample;

/// <summary>An image as the page shows it.</summary>
/// <param name="FileName">The image's file name, as the model may refer to it.</param>
/// <param name="Url">Where the app serves it.</param>
/// <param name="Description">The description it was made from.</param>
public sealed record ImageView(string FileName, string Url, string Description);
