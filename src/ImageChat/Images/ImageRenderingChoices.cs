using System.Reflection;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The rendering choices the image tools offer the chat model (<see cref="ImageChatOptions.ImageToolParameters"/>, limited
/// to what the generator declares): which parameters the tools' schemas show, how each is described (its allowed values),
/// and the check of the model's values against them before anything is sent.
/// </summary>
internal sealed class ImageRenderingChoices
{
    /// <summary>The tools' parameter names, as the chat model sees them.</summary>
    public const string SizeParameter = "size";
    public const string QualityParameter = "quality";
    public const string OutputFormatParameter = "output_format";
    public const string BackgroundParameter = "background";

    private const string MediaTypePrefix = "image/";

    private readonly Dictionary<string, Choice> _offered = new(StringComparer.Ordinal);

    public ImageRenderingChoices(ImageGenerationCapabilities capabilities, ImageToolParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        Offer(ImageToolParameters.Size, SizeParameter, capabilities.Sizes, "The size of the image in pixels, width x height", parameters);
        Offer(ImageToolParameters.Quality, QualityParameter, capabilities.Qualities, "The rendering quality", parameters);
        Offer(
            ImageToolParameters.OutputFormat,
            OutputFormatParameter,
            [.. capabilities.MediaTypes.Where(t => t.StartsWith(MediaTypePrefix, StringComparison.OrdinalIgnoreCase)).Select(t => t[MediaTypePrefix.Length..])],
            "The file format",
            parameters);
        Offer(ImageToolParameters.Background, BackgroundParameter, capabilities.Backgrounds, "The background", parameters);
    }

    /// <summary>How the tools' factory binds the parameters: a choice not offered is left out of the schema and never bound, whatever the model sends.</summary>
    public AIFunctionFactoryOptions.ParameterBindingOptions Bind(ParameterInfo parameter) =>
        IsChoice(parameter.Name) && !_offered.ContainsKey(parameter.Name!)
            ? new AIFunctionFactoryOptions.ParameterBindingOptions { ExcludeFromSchema = true, BindParameter = static (_, _) => null }
            : default;

    /// <summary>The description of an offered choice, naming its values; <see langword="null"/> for other parameters (their <c>[Description]</c> applies).</summary>
    public string? Describe(ParameterInfo parameter) =>
        parameter.Name is { } name && _offered.TryGetValue(name, out Choice? choice)
            ? $"{choice.What}: one of {string.Join(", ", choice.Values)}. Leave it out unless the user asks for it; the default suits most pictures."
            : null;

    /// <summary>
    /// Makes the request from the model's arguments, each choice spelled as the generator declares it; or says which
    /// value is not allowed and what is, for the model to read. A choice not offered arrives as <see langword="null"/>.
    /// </summary>
    public TextToImageRequest? TryCreate(string toolName, string description, string? size, string? quality, string? outputFormat, string? background, out string? problem)
    {
        problem = null;
        string? Pick(string parameter, string? value, ref string? firstProblem)
        {
            if (string.IsNullOrWhiteSpace(value) || !_offered.TryGetValue(parameter, out Choice? choice))
            {
                return null;
            }

            string? allowed = choice.Values.FirstOrDefault(v => string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase));
            firstProblem ??= allowed is null
                ? $"Error: {parameter} '{ImageGenerationService.Echo(value)}' is not one this image model accepts; the allowed values are {string.Join(", ", choice.Values)}. " +
                  $"Call {toolName} again with one of them, or without {parameter}. No image was generated."
                : null;
            return allowed;
        }

        TextToImageRequest request = new(description)
        {
            Size = Pick(SizeParameter, size, ref problem),
            Quality = Pick(QualityParameter, quality, ref problem),
            MediaType = Pick(OutputFormatParameter, outputFormat, ref problem) is { } format ? MediaTypePrefix + format : null,
            Background = Pick(BackgroundParameter, background, ref problem),
        };
        return problem is null ? request : null;
    }

    private static bool IsChoice(string? name) => name is SizeParameter or QualityParameter or OutputFormatParameter or BackgroundParameter;

    private void Offer(ImageToolParameters flag, string name, IReadOnlyList<string> values, string what, ImageToolParameters parameters)
    {
        if (parameters.HasFlag(flag) && values.Count > 0)
        {
            _offered[name] = new Choice(what, values);
        }
    }

    private sealed record Choice(string What, IReadOnlyList<string> Values);
}
