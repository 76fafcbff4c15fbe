using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>Checks each setting of <see cref="ModelCallResilienceOptions"/> against its range attribute, without reflection (generated).</summary>
[OptionsValidator]
internal sealed partial class ModelCallResilienceOptionsValidator : IValidateOptions<ModelCallResilienceOptions>;
