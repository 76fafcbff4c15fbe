namespace ImageChat;

/// <summary>
/// Options of ImageChat's two Polly pipelines: one around each chat-model call, one around each image-model call.
/// Bindable from the <c>ImageChat:Resilience</c> configuration section (<c>ImageChat:Resilience:Chat:MaxRetryAttempts</c>, …);
/// every setter validates its value, and the whole is validated again when the client is built.
/// </summary>
/// <remarks>
/// Each pipeline runs, outermost first: total timeout → retry → circuit breaker → attempt timeout.
/// See <see cref="ModelCallResilienceOptions"/> for each setting and its defaults.
/// </remarks>
public sealed class ImageChatResilienceOptions
{
    /// <summary>The configuration section, below <c>ImageChat</c>, that <c>AddImageChat(configuration)</c> binds these options from: <c>Resilience</c>.</summary>
    public const string ConfigurationSectionName = "Resilience";

    /// <summary>Gets the settings of the chat pipeline: total timeout 3 minutes, attempt timeout 100 seconds, 3 retries.</summary>
    public ModelCallResilienceOptions Chat { get; } = new(ModelOperation.Chat);

    /// <summary>
    /// Gets the settings of the image pipeline: total timeout 10 minutes, attempt timeout 5 minutes, 2 retries, and no
    /// retry of a call the image model may already have processed (<see cref="ModelCallResilienceOptions.RetryWhenPossiblyProcessed"/>).
    /// </summary>
    public ModelCallResilienceOptions Image { get; } = new(ModelOperation.Image);
}
