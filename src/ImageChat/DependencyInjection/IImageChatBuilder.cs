using Microsoft.Extensions.DependencyInjection;

namespace ImageChat;

/// <summary>
/// Configures ImageChat's services. Returned by <c>services.AddImageChat()</c>; <see cref="ImageChatBuilder"/> is the
/// stand-alone form. Both go through the same extension methods, so they wire the same services.
/// </summary>
public interface IImageChatBuilder
{
    /// <summary>Gets the services ImageChat is registered in.</summary>
    IServiceCollection Services { get; }
}
