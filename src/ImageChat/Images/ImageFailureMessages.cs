namespace ImageChat;

/// <summary>
/// The tool results that tell the model an image could not be made, so that it can explain it to the user.
/// </summary>
internal static class ImageFailureMessages
{
    public static string For(Exception failure) => failure switch
    {
        ModelCallException { ErrorCode: "content_policy_violation" or "moderation_blocked" } or ModelCallException { StatusCode: 400, ErrorCode: null } =>
            "Error: no image was generated: the image model's safety system refused this description. Tell the user, and suggest describing the image differently.",
        ModelCallException { ErrorCode: "insufficient_quota" } =>
            "Error: no image was generated: the image service's quota is used up. Tell the user that images cannot be made right now.",
        ModelCallException { Kind: ModelCallFailureKind.InvalidResponse } =>
            "Error: no image was generated: the image service answered with something that is not an image. Tell the user that it may work if they try again later.",
        ModelCallException { StatusCode: 401 or 403 } =>
            "Error: no image was generated: the image service refused the credentials. Tell the user that image generation is not available.",
        _ =>
            "Error: no image was generated: the image service failed or did not answer in time. Tell the user that it may work if they try again later.",
    };

    /// <summary>The tool result of a call beyond <see cref="ImageChatOptions.MaxImagesPerTurn"/>.</summary>
    public static string LimitReached(int limit) =>
        $"Error: image not generated: the limit of {limit} images per turn was reached. Tell the user which images were made and that they can ask for more in their next message.";
}
