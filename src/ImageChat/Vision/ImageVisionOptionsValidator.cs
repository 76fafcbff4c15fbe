using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>Validates <see cref="ImageVisionOptions"/> from its attributes, naming each failing setting by its configuration key (<c>ImageChat:Vision:MaxSide</c>).</summary>
internal sealed class ImageVisionOptionsValidator : IValidateOptions<ImageVisionOptions>
{
    private const string Section = $"{ImageChatDefaults.ConfigurationSectionName}:{ImageVisionOptions.ConfigurationSectionName}";
    private readonly GeneratedImageVisionOptionsValidator _attributes = new();

    public ValidateOptionsResult Validate(string? name, ImageVisionOptions options) =>
        ConfigurationKeys.Name(_attributes.Validate(Section, options), Section);
}
