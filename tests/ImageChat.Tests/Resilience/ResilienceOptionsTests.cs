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
            Assert.Equal(TimeSpan.FromSeconds(30), call.BreakDuration);
        }
    }

    [Fact]
    public void Values_out_of_range_from_configuration_are_all_reported_with_their_keys_when_the_client_is_built()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Chat:TotalTimeout"] = "00:00:00.005",
            ["Resilience:Chat:MaxRetryAttempts"] = "21",
            ["Resilience:Image:FailureRatio"] = "0",
            ["Resilience:Image:MinimumThroughput"] = "1",
            ["Resilience:Image:BreakDuration"] = "00:00:00",
        }).Build();
        ImageChatBuilder builder = new ImageChatBuilder().Configure(configuration)
            .UseChatClient(TestChatClient.Scripted())
            .UseImageGenerator(new TestImageGenerator());

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Equal(
            [
                "TotalTimeout: The field ImageChat:Resilience:Chat:TotalTimeout must be between 00:00:00.0100000 and 1.00:00:00.",
                "MaxRetryAttempts: The field ImageChat:Resilience:Chat:MaxRetryAttempts must be between 0 and 20.",
                "FailureRatio: The field ImageChat:Resilience:Image:FailureRatio must be between 0 exclusive and 1.",
                "MinimumThroughput: The field ImageChat:Resilience:Image:MinimumThroughput must be between 2 and 2147483647.",
                "BreakDuration: The field ImageChat:Resilience:Image:BreakDuration must be between 00:00:00.5000000 and 1.00:00:00.",
            ],
            failure.Failures);
    }

    [Fact]
    public void The_default_breaker_window_spans_two_attempt_timeouts_and_a_shorter_one_is_refused()
    {
        ImageChatResilienceOptions defaults = new();
        Assert.True(defaults.Chat.SamplingDuration >= 2 * defaults.Chat.AttemptTimeout);
        Assert.True(defaults.Image.SamplingDuration >= 2 * defaults.Image.AttemptTimeout);
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted())
            .UseImageGenerator(new TestImageGenerator())
            .ConfigureResilience(o => o.Image.SamplingDuration = TimeSpan.FromMinutes(1));

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Equal(
            "ImageChat:Resilience:Image:SamplingDuration (00:01:00) must be at least twice ImageChat:Resilience:Image:AttemptTimeout (00:05:00), " +
            "so that the circuit breaker sees the attempts that time out.",
            Assert.Single(failure.Failures));
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
                    call.SamplingDuration = 2 * call.AttemptTimeout;
                }
                else
                {
                    call.BaseDelay = call.MaxDelay + TimeSpan.FromSeconds(1);
                }
            });

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.StartsWith($"ImageChat:Resilience:{which}:{setting} (", Assert.Single(failure.Failures), StringComparison.Ordinal);
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
