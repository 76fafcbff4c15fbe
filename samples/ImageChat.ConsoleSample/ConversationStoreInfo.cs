using Microsoft.Extensions.Configuration;

namespace ImageChat.ConsoleSample;

/// <summary>
/// Where the configured conversation store keeps conversations, in words for the user: <c>ImageChat:ConversationStore:Redis</c>,
/// then <c>:Directory</c>, else memory, the order ImageChat chooses them in.
/// </summary>
/// <param name="Description">Where conversations are kept, such as "Redis at 127.0.0.1:6379".</param>
/// <param name="Redis">Whether the store is Redis, which the sample has to add (<c>UseRedisConversationStore()</c>).</param>
/// <param name="SurvivesTheProcess">Whether a saved conversation can be loaded by a later run; not with the in-memory store.</param>
internal sealed record ConversationStoreInfo(string Description, bool Redis, bool SurvivesTheProcess)
{
    private static readonly string Section = ConfigurationPath.Combine(ImageChatDefaults.ConfigurationSectionName, ConversationStoreOptions.ConfigurationSectionName);

    /// <summary>The setting that selects a folder store.</summary>
    public static readonly string DirectoryKey = ConfigurationPath.Combine(Section, nameof(ConversationStoreOptions.Directory));

    /// <summary>The setting that selects the Redis store.</summary>
    public static readonly string RedisKey = ConfigurationPath.Combine(Section, nameof(ConversationStoreOptions.Redis));

    public static ConversationStoreInfo From(IConfiguration configuration)
    {
        if (configuration[RedisKey] is { } redis && !string.IsNullOrWhiteSpace(redis))
        {
            // Only the first endpoint: the rest of a StackExchange.Redis configuration string may hold a password.
            return new($"Redis at {redis.Split(',')[0].Trim()}", Redis: true, SurvivesTheProcess: true);
        }

        return configuration[DirectoryKey] is { } directory && !string.IsNullOrWhiteSpace(directory)
            ? new($"the folder {Path.GetFullPath(directory)}", Redis: false, SurvivesTheProcess: true)
            : new("memory", Redis: false, SurvivesTheProcess: false);
    }
}
