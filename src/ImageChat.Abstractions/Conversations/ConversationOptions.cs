using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// How a conversation starts.
/// </summary>
public sealed class ConversationOptions
{
    /// <summary>Gets or sets the system prompt; <see langword="null"/> uses <c>ImageChatOptions.SystemPrompt</c>, empty sends none.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Gets or sets the conversation's id; <see langword="null"/> makes a new one. It names the call log file, so it may hold only letters, digits, '-' and '_'.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets chat options (temperature, model id, …) sent with every call of this conversation; ImageChat adds its tools to them.</summary>
    public ChatOptions? ChatOptions { get; set; }
}
