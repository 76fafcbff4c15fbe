using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.Resilience;

/// <summary>The resilience options: documented defaults, validation, binding from configuration, the fluent method.</summary>
public sealed class ResilienceOptionsTests
{
    [Fact]
    public void The_defaults_suit_chat_and_image_apis()
    {
        ImageChatResilienceOptions options = new();

        Assert.Equal(TimeSpan.FromMinutes(3), options.Chat.TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(100), options.Chat.AttemptTimeout);
        Assert.Equal(3, options.Chat.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Chat.MaxRetryAfter);
        Assert.True(options.Chat.RetryWhenPossiblyProcessed);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Image.TotalTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Image.AttemptTimeout);
        Assert.Equal(2, options.Image.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Image.MaxRetryAfter);
        Assert.False(options.Image.RetryWhenPossiblyProcessed);
        foreach (ModelCallResilienceOptions call in (ModelCallResilienceOptions[])[options.Chat, options.Image])
        {
            Assert.True(call.Enabled);
            Assert.Equal(TimeSpan.FromSeconds(2), call.BaseDelay);
            Assert.Equal(TimeSpan.FromSeconds(30), call.MaxDelay);
            Assert.True(call.UseJitter);
            Assert.True(call.CircuitBreakerEnabled);
            Assert.Equal(0.5, call.FailureRatio);
            Assert.Equal(10, call.MinimumThroughput);
            Assert.Equal(TimeSpan.FromMinutes(1), call.SamplingDuration);
            Assert.Equal(TimeSpan.FromSeconds(30), call.BreakDuration);
        }
    }

    [Fact]
    public void Setters_refuse_values_out_of_range()
    {
        ModelCallResilienceOptions options = new ImageChatResilienceOptions().Chat;

        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.TotalTimeout = TimeSpan.FromMilliseconds(5));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.AttemptTimeout = TimeSpan.FromDays(2));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxRetryAttempts = -1);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxRetryAttempts = 21);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BaseDelay = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxDelay = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxRetryAfter = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.FailureRatio = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.FailureRatio = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MinimumThroughput = 1);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.SamplingDuration = TimeSpan.FromMilliseconds(100));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BreakDuration = TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMinutes(3), options.TotalTimeout); // A refused value leaves the setting as it was.
    }

    [Theory]
    [InlineData("Chat", "AttemptTimeout")]
    [InlineData("Image", "BaseDelay")]
    public void Settings_that_disagree_fail_when_the_client_is_built(string which, string setting)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted())
            .UseImageGenerator(new TestImageGenerator())
            .ConfigureResilience(o =>
            {
                ModelCallResilienceOptions call = which == "Chat" ? o.Chat : o.Image;
                if (setting == "AttemptTimeout")
                {
                    call.AttemptTimeout = call.TotalTimeout + TimeSpan.FromSeconds(1);
                }
                else
                {
                    call.BaseDelay = call.MaxDelay + TimeSpan.FromSeconds(1);
                }
            });

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Contains($"ImageChat:Resilience:{which}: {setting}", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Options_bind_from_the_Resilience_child_of_the_ImageChat_section_and_ConfigureResilience_runs_after(bool throughAddImageChat)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageChat:MaxToolRoundsPerTurn"] = "4",
            ["ImageChat:Resilience:Chat:TotalTimeout"] = "00:01:00",
            ["ImageChat:Resilience:Chat:AttemptTimeout"] = "00:00:20",
            ["ImageChat:Resilience:Chat:MaxRetryAttempts"] = "5",
            ["ImageChat:Resilience:Chat:UseJitter"] = "false",
            ["ImageChat:Resilience:Image:RetryWhenPossiblyProcessed"] = "true",
            ["ImageChat:Resilience:Image:CircuitBreakerEnabled"] = "false",
            ["ImageChat:Resilience:Image:MaxRetryAfter"] = "00:02:00",
        }).Build();
        IServiceCollection services = throughAddImageChat
            ? new ServiceCollection().AddImageChat(configuration.GetSection("ImageChat")).ConfigureResilience(o => o.Chat.MaxRetryAttempts = 6).Services
            : new ImageChatBuilder().Configure(configuration.GetSection("ImageChat")).ConfigureResilience(o => o.Chat.MaxRetryAttempts = 6).Services;
        using ServiceProvider provider = services.BuildServiceProvider();

        ImageChatResilienceOptions options = provider.GetRequiredService<IOptions<ImageChatResilienceOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(1), options.Chat.TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Chat.AttemptTimeout);
        Assert.Equal(6, options.Chat.MaxRetryAttempts);
        Assert.False(options.Chat.UseJitter);
        Assert.True(options.Image.RetryWhenPossiblyProcessed);
        Assert.False(options.Image.CircuitBreakerEnabled);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Image.MaxRetryAfter);
        Assert.Equal(4, provider.GetRequiredService<IOptions<ImageChatOptions>>().Value.MaxToolRoundsPerTurn);
    }
}
