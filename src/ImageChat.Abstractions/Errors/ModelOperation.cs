namespace ImageChat;

/// <summary>
/// Which kind of model call failed.
/// </summary>
public enum ModelOperation
{
    /// <summary>A call to the chat model.</summary>
    Chat,

    /// <summary>A call to the image model.</summary>
    Image,
}
