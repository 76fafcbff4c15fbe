using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>Checks <see cref="ImageChatOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class GeneratedImageChatOptionsValidator : IValidateOptions<ImageChatOptions>;
