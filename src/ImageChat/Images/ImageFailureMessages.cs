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
        ModelCallException { StatusCode: 401 or 403 } =>
            "Error: no image was generated: the image service refused the credentials. Tell the user that image generation is not available.",
        _ =>
            "Error: no image was generated: the image service failed or did not answer in time. Tell the user that it may work if they try again later.",
    };
}
