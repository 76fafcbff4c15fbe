using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.Stores;

/// <summary>Which store ImageChat uses: from the ImageChat:ConversationStore settings, or from the builder.</summary>
public sealed class ConversationStoreWiringTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ServiceProvider Provider(Dictionary<string, string?> settings, Action<IImageChatBuilder>? configure = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        ServiceCollection services = new();
        IImageChatBuilder builder = services.AddImageChat(configuration.GetSection("ImageChat"));
        configure?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_settings_conversations_are_kept_in_memory()
    {
        using ServiceProvider provider = Provider([]);

        Assert.IsType<InMemoryConversationStore>(provider.GetRequiredService<IConversationStore>());
    }

    [Fact]
    public void The_Directory_setting_selects_the_folder_store()
    {
        using ServiceProvider provider = Provider(new() { ["ImageChat:ConversationStore:Directory"] = _folder.Path });

        FileSystemConversationStore store = Assert.IsType<FileSystemConversationStore>(provider.GetRequiredService<IConversationStore>());
        Assert.Equal(_folder.Path, store.Directory);
    }

    [Fact]
    public async Task The_Redis_setting_selects_the_redis_store_added_by_UseRedisConversationStore()
    {
        await TestRedis.ConnectionAsync();
        string prefix = TestRedis.UniquePrefix();
        await using ServiceProvider provider = Provider(
            new() { ["ImageChat:ConversationStore:Redis"] = TestRedis.Configuration },
            builder => builder.UseRedisConversationStore(o => o.KeyPrefix = prefix));

        IConversationStore store = provider.GetRequiredService<IConversationStore>();
        await store.SaveAsync(ConversationStoreContractTests.State("wired", 1, "hello"));

        Assert.IsType<RedisConversationStore>(store);
        Assert.Equal(TestRedis.Configuration, provider.GetRequiredService<IOptions<RedisConversationStoreOptions>>().Value.Configuration);
        Assert.True(await (await TestRedis.ConnectionAsync()).GetDatabase().KeyDeleteAsync(prefix + "wired"));
    }

    [Fact]
    public void The_Redis_setting_without_the_redis_package_says_what_to_add()
    {
        using ServiceProvider provider = Provider(new() { ["ImageChat:ConversationStore:Redis"] = "127.0.0.1:6379" });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IConversationStore>());

        Assert.Equal(
            "ImageChat:ConversationStore:Redis is set, but the Redis conversation store is not added: reference the ImageChat.Redis package and call UseRedisConversationStore() (it reads that setting).",
            error.Message);
    }

    [Fact]
    public void The_builder_and_AddImageChat_choose_the_folder_store_the_same_way()
    {
        ImageChatBuilder builder = new();
        builder.UseConversationDirectory(_folder.Path);
        ServiceCollection services = new();
        services.AddImageChat().UseConversationDirectory(_folder.Path);

        using ServiceProvider fromBuilder = builder.Services.BuildServiceProvider();
        using ServiceProvider fromServices = services.BuildServiceProvider();

        Assert.Equal(_folder.Path, Assert.IsType<FileSystemConversationStore>(fromBuilder.GetRequiredService<IConversationStore>()).Directory);
        Assert.Equal(_folder.Path, Assert.IsType<FileSystemConversationStore>(fromServices.GetRequiredService<IConversationStore>()).Directory);
    }

    [Fact]
    public void A_store_of_your_own_replaces_the_configured_one()
    {
        InMemoryConversationStore mine = new();
        using ServiceProvider provider = Provider(
            new() { ["ImageChat:ConversationStore:Directory"] = _folder.Path },
            builder => builder.UseConversationStore(mine));

        Assert.Same(mine, provider.GetRequiredService<IConversationStore>());
    }
}
