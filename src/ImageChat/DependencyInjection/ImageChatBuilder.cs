using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Builds an <see cref="IImageChatClient"/> without a host. It wires exactly what <c>services.AddImageChat()</c>
/// wires, through the same extension methods (<see cref="ImageChatBuilderExtensions"/> and the providers' own).
/// </summary>
/// <example>
/// <code>
/// using IImageChatClient client = new ImageChatBuilder()
///     .UseOpenAI(o => o.ApiKey = apiKey)
///     .Build();
/// IImageChatConversation conversation = client.StartConversation();
/// ChatTurnResult turn = await conversation.SendAsync("create the image of a worm");
/// </code>
/// </example>
public sealed class ImageChatBuilder : IImageChatBuilder
{
    /// <summary>Initializes a new instance of the <see cref="ImageChatBuilder"/> class.</summary>
    /// <param name="configure">Sets engine options; <see langword="null"/> keeps the defaults.</param>
    public ImageChatBuilder(Action<ImageChatOptions>? configure = null)
    {
        Services.AddImageChat(configure);
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; } = new ServiceCollection();

    /// <summary>Builds the client; options are validated now. The client owns its services and disposes them with itself.</summary>
    /// <returns>The client.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException">No chat model or no image generator was configured.</exception>
    public IImageChatClient Build() => Build(Services);

    /// <summary>Builds a client that owns its own services: the one path of <see cref="Build()"/> and keyed registrations.</summary>
    internal static IImageChatClient Build(IServiceCollection services)
    {
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            ImageChatClient client = (ImageChatClient)provider.GetRequiredService<IImageChatClient>();
            client.OwnedServices = provider;
            return client;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
