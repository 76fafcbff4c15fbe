using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>Checks <see cref="OpenAIImageChatOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class GeneratedOpenAIImageChatOptionsValidator : IValidateOptions<OpenAIImageChatOptions>;
