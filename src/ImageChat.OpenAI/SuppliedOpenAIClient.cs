using OpenAI;

namespace ImageChat;

/// <summary>An <see cref="OpenAIClient"/> the app gave <c>UseOpenAI(client)</c>; ImageChat uses it as it is and does not dispose it.</summary>
internal sealed record SuppliedOpenAIClient(OpenAIClient Client);
