using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// How a conversation starts.
/// </summary>
public sealed class ConversationOptions
{
    /// <summary>Gets or sets the system prompt; <see langword="null"/> uses <c>ImageChatOptions.SystemPrompt</c>, empty sends none.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Gets or sets the conversation's id; <see langword="null"/> makes a new one. It names the call log file, so it may hold only letters, digits, '-' and '_', and it must differ from the id of every other conversation of the client that is still referenced.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets chat options (temperature, model id, …) sent with every call of this conversation; ImageChat adds its tools to them. Tool names follow the rules of <c>AddTool</c>: OpenAI's <c>^[a-zA-Z0-9_-]{1,64}$</c>, unique, and not a built-in tool's.</summary>
    public ChatOptions? ChatOptions { get; set; }
}
