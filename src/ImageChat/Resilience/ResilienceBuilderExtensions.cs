using Microsoft.Extensions.DependencyInjection;

namespace ImageChat;

/// <summary>
/// The fluent configuration of ImageChat's resilience pipelines, shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>.
/// </summary>
public static class ResilienceBuilderExtensions
{
    /// <summary>Sets the timeouts, retries and circuit breakers of the chat and image pipelines.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; runs after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.ConfigureResilience(o =>
    /// {
    ///     o.Chat.MaxRetryAttempts = 5;
    ///     o.Image.TotalTimeout = TimeSpan.FromMinutes(15);
    /// });
    /// </code>
    /// </example>
    public static TBuilder ConfigureResilience<TBuilder>(this TBuilder builder, Action<ImageChatResilienceOptions> configure)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
