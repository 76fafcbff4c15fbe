using Microsoft.Extensions.DependencyInjection;

namespace ImageChat;

/// <summary>
/// The fluent configuration of ImageChat's telemetry, shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>.
/// Traces and metrics are always reported (see <see cref="ImageChatTelemetry"/> for the names); this sets what they may contain.
/// </summary>
public static class TelemetryBuilderExtensions
{
    /// <summary>Sets what ImageChat's traces may contain.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; runs after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static TBuilder ConfigureTelemetry<TBuilder>(this TBuilder builder, Action<ImageChatTelemetryOptions> configure)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
