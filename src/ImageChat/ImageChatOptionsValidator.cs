using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>Validates <see cref="ImageChatOptions"/> from its attributes (generated, without reflection), naming each failing setting by its configuration key.</summary>
internal sealed class ImageChatOptionsValidator : IValidateOptions<ImageChatOptions>
{
    private readonly GeneratedImageChatOptionsValidator _attributes = new();

    public ValidateOptionsResult Validate(string? name, ImageChatOptions options) =>
        ConfigurationKeys.Name(_attributes.Validate(ImageChatDefaults.ConfigurationSectionName, options), ImageChatDefaults.ConfigurationSectionName);
}
