namespace ImageChat;

/// <summary>
/// The defaults ImageChat starts from, taken word for word from the system it replaces.
/// </summary>
public static class ImageChatDefaults
{
    /// <summary>The system prompt a conversation starts with unless <see cref="ConversationOptions.SystemPrompt"/> says otherwise.</summary>
    public const string SystemPrompt =
        "You are a helpful assistant that can generate images when requested. When a user asks for an image, use the generate_image tool to create it.";

    /// <summary>The name of the built-in image tool the chat model calls.</summary>
    public const string ImageToolName = "generate_image";

    /// <summary>The description of the built-in image tool, as the chat model sees it.</summary>
    public const string ImageToolDescription = "Generate an image from a detailed text description.";

    /// <summary>The description of the image tool's single parameter, <c>description</c>.</summary>
    public const string ImageToolParameterDescription = "A detailed description of the image to generate.";

    /// <summary>The configuration section <c>AddImageChat(configuration)</c> binds: <c>ImageChat</c>.</summary>
    public const string ConfigurationSectionName = "ImageChat";
}
