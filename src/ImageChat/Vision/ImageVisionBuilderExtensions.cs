using Microsoft.Extensions.DependencyInjection;

namespace ImageChat;

/// <summary>
/// Turns on vision follow-ups, shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>: the chat model
/// is shown the conversation's current image, downscaled, when the user refers to it (or on every request).
/// </summary>
public static class ImageVisionBuilderExtensions
{
    /// <summary>
    /// Shows the chat model the current image: with <see cref="ImageVisionMode.CurrentImage"/> on the turns whose message
    /// refers to the picture, with <see cref="ImageVisionMode.Always"/> on every request once there is one. The same as
    /// setting <c>ImageChat:Vision:Mode</c> in configuration.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="mode">When to show the image. Default: <see cref="ImageVisionMode.CurrentImage"/>.</param>
    /// <param name="configure">Sets the other options (<see cref="ImageVisionOptions.MaxSide"/>); runs after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.UseImageVision(ImageVisionMode.CurrentImage, o => o.MaxSide = 384);
    /// </code>
    /// </example>
    public static TBuilder UseImageVision<TBuilder>(this TBuilder builder, ImageVisionMode mode = ImageVisionMode.CurrentImage, Action<ImageVisionOptions>? configure = null)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ImageVisionOptions>(options =>
        {
            options.Mode = mode;
            configure?.Invoke(options);
        });
        return builder;
    }
}
