using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.DependencyInjection;

/// <summary>Two differently configured ImageChat instances in one container.</summary>
public sealed class KeyedImageChatTests : IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task Keyed_instances_use_their_own_models_and_options_and_the_apps_logging()
    {
        TestChatClient drafts = Answering("draft");
        TestChatClient finals = Answering("final");
        FakeLogCollector logs = new();
        ServiceCollection services = new();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        services.AddKeyedImageChat("drafts", o =>
            {
                o.SystemPrompt = "You sketch.";
                o.ImageDirectory = Path.Combine(_images.Path, "drafts");
            })
            .UseChatClient(drafts)
            .UseImageGenerator(new TestImageGenerator());
        services.AddKeyedImageChat("finals", new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SystemPrompt"] = "You paint.",
                ["MaxToolRoundsPerTurn"] = "3",
            }).Build())
            .UseChatClient(finals)
            .UseImageGenerator(new TestImageGenerator());
        ServiceProvider provider = services.BuildServiceProvider();

        ChatTurnResult draft = await provider.GetRequiredKeyedService<IImageChatClient>("drafts").StartConversation().SendAsync("a worm");
        ChatTurnResult final = await provider.GetRequiredKeyedService<IImageChatClient>("finals").StartConversation().SendAsync("a worm");

        Assert.Equal("draft", draft.Text);
        Assert.Equal("final", final.Text);
        Assert.Equal("You sketch.", Assert.Single(drafts.Requests)[0].Text);
        Assert.Equal("You paint.", Assert.Single(finals.Requests)[0].Text);
        Assert.Null(provider.GetService<IImageChatClient>());
        Assert.Equal(2, logs.GetSnapshot().Count(r => r.Category == "ImageChat.ImageChatEngine" && r.Level == LogLevel.Information));

        IImageChatClient drafting = provider.GetRequiredKeyedService<IImageChatClient>("drafts");
        await provider.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => drafting.StartConversation());
    }

    [Fact]
    public void A_keyed_instances_invalid_options_are_reported_with_their_keys_when_it_is_resolved()
    {
        ServiceCollection services = new();
        services.AddKeyedImageChat("broken", o => o.MaxToolRoundsPerTurn = 0).UseChatClient(Answering("x")).UseImageGenerator(new TestImageGenerator());
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IImageChatClient>("broken"));

        Assert.Equal("MaxToolRoundsPerTurn: The field ImageChat:MaxToolRoundsPerTurn must be between 1 and 100.", Assert.Single(failure.Failures));
    }

    private static TestChatClient Answering(string text) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))),
    };
}
