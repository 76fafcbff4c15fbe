using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>Checks <see cref="ImageVisionOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class GeneratedImageVisionOptionsValidator : IValidateOptions<ImageVisionOptions>;
