namespace ImageChat;

/// <summary>
/// Options of the Redis conversation store added by <c>UseRedisConversationStore()</c>.
/// </summary>
public sealed class RedisConversationStoreOptions
{
    /// <summary>The default of <see cref="KeyPrefix"/>: <c>imagechat:conversation:</c>.</summary>
    public const string DefaultKeyPrefix = "imagechat:conversation:";

    private string _keyPrefix = DefaultKeyPrefix;
    private TimeSpan? _slidingExpiration;

    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6380,password=…,ssl=true</c>. Default: the <c>ImageChat:ConversationStore:Redis</c> setting.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets what every key starts with; the conversation's id follows it. Default: <see cref="DefaultKeyPrefix"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public string KeyPrefix
    {
        get => _keyPrefix;
        set => _keyPrefix = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets or sets how long an unused conversation is kept: each load and save starts the time again. <see langword="null"/>
    /// (the default) keeps conversations until they are deleted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than one millisecond.</exception>
    public TimeSpan? SlidingExpiration
    {
        get => _slidingExpiration;
        set => _slidingExpiration = SlidingExpirationChecks.Checked(value);
    }
}
