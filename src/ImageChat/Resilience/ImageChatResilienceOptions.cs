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

    /// <summary>
    /// Gets or sets how failures of your own provider are described, asked before ImageChat's built-in rules: return a
    /// <see cref="ModelCallException"/> (its <see cref="ModelCallException.Kind"/>, status and retry-after decide whether
    /// the call is retried), or <see langword="null"/> to let the built-in rules decide.
    /// </summary>
    /// <remarks>
    /// The built-in rules know what real clients throw: <see cref="HttpRequestException"/> (with a status: an HTTP error;
    /// without: a connection failure), <c>System.ClientModel.ClientResultException</c> (status, <c>x-request-id</c>,
    /// <c>retry-after-ms</c> / <c>Retry-After</c>), <see cref="TimeoutException"/>, <see cref="IOException"/> and socket
    /// errors, and unreadable JSON. Anything else becomes <see cref="ModelCallFailureKind.Unclassified"/> and is not retried.
    /// A provider that throws <see cref="ModelCallException"/> itself is taken at its word.
    /// </remarks>
    /// <example>
    /// <code>
    /// builder.ConfigureResilience(o => o.ClassifyFailure = (exception, operation) => exception is MyQuotaException
    ///     ? new ModelCallException(operation, ModelCallFailureKind.HttpError, "Over quota.", exception) { StatusCode = 429 }
    ///     : null);
    /// </code>
    /// </example>
    public Func<Exception, ModelOperation, ModelCallException?>? ClassifyFailure { get; set; }
}
