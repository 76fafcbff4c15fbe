namespace ImageChat;

/// <summary>
/// What a turn does when an image cannot be made (after the image pipeline's retries), a content-policy refusal included.
/// </summary>
public enum ImageFailureHandling
{
    /// <summary>Tell the model in the tool result, so that it can explain to the user and the turn still ends with an answer. The default.</summary>
    ReportToModel,

    /// <summary>End the turn with the failure's exception; the history stays as before the turn.</summary>
    FailTurn,
}
