using ImageChat.Tests.TestDoubles;
using StackExchange.Redis;

namespace ImageChat.Tests.Stores;

/// <summary>The Redis store against the real Redis of <see cref="TestRedis"/>.</summary>
public sealed class RedisConversationStoreTests : ConversationStoreContractTests
{
    private readonly string _prefix = TestRedis.UniquePrefix();
    private ConnectionMultiplexer _redis = null!;

    protected override async Task<IConversationStore> CreateStoreAsync()
    {
        _redis = await TestRedis.ConnectionAsync();
        return Create(new RedisConversationStoreOptions { Configuration = TestRedis.Configuration, KeyPrefix = _prefix });
    }

    public override async Task DisposeAsync()
    {
        await ((RedisConversationStore)Store).DisposeAsync();
        foreach (string id in new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7", "ttl", "layout" })
        {
            await _redis.GetDatabase().KeyDeleteAsync(_prefix + id);
        }
    }

    private static RedisConversationStore Create(RedisConversationStoreOptions options) => new(options);

    [Fact]
    public async Task A_conversation_is_a_hash_under_the_key_prefix()
    {
        await Store.SaveAsync(State("layout", 1, "hello"));

        HashEntry[] entries = await _redis.GetDatabase().HashGetAllAsync(_prefix + "layout");

        Assert.Equal(["state", "version"], entries.Select(e => (string)e.Name!).Order(StringComparer.Ordinal));
        Assert.Equal(1, (long)entries.Single(e => e.Name == "version").Value);
        Assert.Equal(ConversationStateSerializer.Serialize(State("layout", 1, "hello")), (byte[])entries.Single(e => e.Name == "state").Value!);
        Assert.Equal(TimeSpan.Zero, await _redis.GetDatabase().KeyTimeToLiveAsync(_prefix + "layout") ?? TimeSpan.Zero);
    }

    [Fact]
    public async Task The_sliding_expiration_starts_again_with_each_load_and_save()
    {
        await using RedisConversationStore store = Create(new RedisConversationStoreOptions
        {
            Configuration = TestRedis.Configuration,
            KeyPrefix = _prefix,
            SlidingExpiration = TimeSpan.FromHours(1),
        });
        IDatabase database = _redis.GetDatabase();

        await store.SaveAsync(State("ttl", 1, "hello"));
        TimeSpan afterSave = (await database.KeyTimeToLiveAsync(_prefix + "ttl"))!.Value;
        await database.KeyExpireAsync(_prefix + "ttl", TimeSpan.FromMinutes(1)); // As if 59 minutes had passed.
        await store.LoadAsync("ttl");
        TimeSpan afterLoad = (await database.KeyTimeToLiveAsync(_prefix + "ttl"))!.Value;

        Assert.InRange(afterSave, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange(afterLoad, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public void An_expiration_under_a_millisecond_is_refused_naming_the_option()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new RedisConversationStoreOptions { SlidingExpiration = TimeSpan.FromTicks(1) });

        Assert.Equal("SlidingExpiration ('00:00:00.0000001') must be greater than or equal to '00:00:00.0010000'. (Parameter 'SlidingExpiration')\nActual value was 00:00:00.0000001.", error.Message);
    }

    [Fact]
    public void A_store_without_a_configuration_string_names_the_setting()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Create(new RedisConversationStoreOptions()));

        Assert.Equal(
            "The Redis conversation store needs a StackExchange.Redis configuration string: set ImageChat:ConversationStore:Redis or RedisConversationStoreOptions.Configuration (for example 127.0.0.1:6379).",
            error.Message);
    }
}
