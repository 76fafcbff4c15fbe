using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.DependencyInjection;

public sealed class WiringTests : IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task AddImageChat_and_the_builder_wire_the_same_services()
    {
        ServiceCollection services = new();
        services.AddImageChat(o => o.MaxToolRoundsPerTurn = 3)
            .UseChatClient(TestChatClient.Scripted(_ => TestChatClient.Reply("from DI")))
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path);
        ImageChatBuilder builder = new(o => o.MaxToolRoundsPerTurn = 3);
        builder.UseChatClient(TestChatClient.Scripted(_ => TestChatClient.Reply("from builder")))
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path);

        Assert.Equal(Shape(services), Shape(builder.Services));

        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        ChatTurnResult turn = await provider.GetRequiredService<IImageChatClient>().StartConversation().SendAsync("hi");
        Assert.Equal("from DI", turn.Text);
        Assert.Equal(3, provider.GetRequiredService<IOptions<ImageChatOptions>>().Value.MaxToolRoundsPerTurn);
    }

    [Fact]
    public void Calling_AddImageChat_twice_registers_the_engine_once()
    {
        ServiceCollection once = new();
        once.AddImageChat();
        ServiceCollection twice = new();
        twice.AddImageChat();
        twice.AddImageChat();

        Assert.Equal(once.Count, twice.Count);
    }

    [Fact]
    public void Engine_options_bind_from_the_ImageChat_section()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageChat:SystemPrompt"] = "Be brief.",
            ["ImageChat:MaxToolRoundsPerTurn"] = "4",
            ["ImageChat:MaxMessageLength"] = "1000",
            ["ImageChat:MaxImageDescriptionLength"] = "32000",
            ["ImageChat:ImageDirectory"] = _images.Path,
            ["ImageChat:ImageFailureHandling"] = "FailTurn",
        }).Build();
        ServiceCollection services = new();
        services.AddImageChat(configuration.GetSection("ImageChat"));
        using ServiceProvider provider = services.BuildServiceProvider();

        ImageChatOptions options = provider.GetRequiredService<IOptions<ImageChatOptions>>().Value;

        Assert.Equal("Be brief.", options.SystemPrompt);
        Assert.Equal(4, options.MaxToolRoundsPerTurn);
        Assert.Equal(1000, options.MaxMessageLength);
        Assert.Equal(32000, options.MaxImageDescriptionLength);
        Assert.Equal(_images.Path, options.ImageDirectory);
        Assert.Equal(ImageFailureHandling.FailTurn, options.ImageFailureHandling);
    }

    [Fact]
    public void Invalid_settings_from_configuration_fail_when_the_client_is_built_naming_each_key()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MaxToolRoundsPerTurn"] = "0",
            ["MaxMessageLength"] = "0",
            ["ImageDirectory"] = " ",
        }).Build();
        ImageChatBuilder builder = new();
        builder.Services.AddImageChat(configuration);
        builder.UseChatClient(TestChatClient.Scripted()).UseImageGenerator(new TestImageGenerator());

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Equal(typeof(ImageChatOptions), failure.OptionsType);
        Assert.Collection(
            failure.Failures,
            f => Assert.Equal("MaxToolRoundsPerTurn: The field ImageChat:MaxToolRoundsPerTurn must be between 1 and 100.", f),
            f => Assert.Equal("MaxMessageLength: The field ImageChat:MaxMessageLength must be between 1 and 2147483647.", f),
            f => Assert.Equal("ImageDirectory: The ImageChat:ImageDirectory field is required.", f));
    }

    [Fact]
    public void A_missing_chat_model_or_image_generator_is_reported_at_build()
    {
        InvalidOperationException noChat = Assert.Throws<InvalidOperationException>(
            () => new ImageChatBuilder().UseImageGenerator(new TestImageGenerator()).Build());
        InvalidOperationException noImages = Assert.Throws<InvalidOperationException>(
            () => new ImageChatBuilder().UseChatClient(TestChatClient.Scripted()).Build());

        Assert.Contains("UseChatClient", noChat.Message, StringComparison.Ordinal);
        Assert.Contains("UseImageGenerator", noImages.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_image_store_replaces_the_folder()
    {
        RecordingStore store = new();
        using IImageChatClient client = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "A worm"), _ => TestChatClient.Reply("done")))
            .UseImageGenerator(new TestImageGenerator())
            .UseImageStore(store)
            .Build();

        ChatTurnResult turn = await client.StartConversation().SendAsync("draw");

        Assert.Equal("memory://1", Assert.Single(turn.Images).Location);
        Assert.Empty(_images.Files());
    }

    [Fact]
    public async Task Disposing_a_built_client_disposes_its_services()
    {
        DisposableChatClient chat = new();
        IImageChatClient client = new ImageChatBuilder().UseChatClient(chat).UseImageGenerator(new TestImageGenerator()).Build();
        client.StartConversation();

        client.Dispose();

        Assert.True(chat.Disposed);
        await Task.CompletedTask;
    }

    private static string[] Shape(IServiceCollection services) =>
        [.. services.Select(d => $"{d.ServiceType.FullName}|{d.ServiceKey}|{d.Lifetime}|{(d.IsKeyedService ? d.KeyedImplementationType : d.ImplementationType)?.FullName}").Order(StringComparer.Ordinal)];

    private sealed class RecordingStore : IImageStore
    {
        private int _count;

        public Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default)
        {
            int n = Interlocked.Increment(ref _count);
            return Task.FromResult(new StoredImage(n.ToString(System.Globalization.CultureInfo.InvariantCulture), $"image_{n}.png", $"memory://{n}"));
        }

        public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);

        public Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }

    private sealed class DisposableChatClient : DelegatingChatClient
    {
        public DisposableChatClient()
            : base(TestChatClient.Scripted())
        {
        }

        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
