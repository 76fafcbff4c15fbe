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

    /// <summary>The name of the built-in tool that edits an earlier image of the conversation.</summary>
    public const string EditImageToolName = "edit_image";

    /// <summary>The description of the edit tool, as the chat model sees it: it tells the model when to edit rather than generate.</summary>
    public const string EditImageToolDescription =
        "Edit an image made earlier in this conversation into a new image that keeps what the description does not change. " +
        "Use it when the user asks to change, adjust or continue a picture already made (\"make it now ...\", \"change ...\", \"add ...\", \"go back to ...\"); " +
        "use generate_image for a new, unrelated picture.";

    /// <summary>The description of the edit tool's <c>description</c> parameter.</summary>
    public const string EditImageDescriptionParameterDescription = "A detailed description of the whole edited image, not only of the change.";

    /// <summary>The description of the edit tool's <c>image</c> parameter.</summary>
    public const string EditImageSourceParameterDescription =
        "The file name of the image to edit, such as generated_a59b3623.png, as a tool result named it; leave it out to edit the latest image.";

    /// <summary>The configuration section <c>AddImageChat(configuration)</c> binds: <c>ImageChat</c>.</summary>
    public const string ConfigurationSectionName = "ImageChat";
}
