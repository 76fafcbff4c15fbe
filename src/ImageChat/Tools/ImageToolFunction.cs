using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// A built-in image tool, <c>generate_image</c> or <c>edit_image</c>: checks the model's arguments, then runs
/// <see cref="ImageGenerationService"/>, which asks the image model through the image resilience pipeline, saves the
/// image and tells the model where it is.
/// </summary>
/// <remarks>
/// The schemas come from <see cref="AIFunctionFactory"/> over the service's methods, the rendering choices described by
/// <see cref="ImageRenderingChoices"/>; this wrapper checks the arguments
/// first, so that a missing, empty, oversized or mistyped argument is reported to the model instead of failing.
/// </remarks>
internal sealed class ImageToolFunction : DelegatingAIFunction
{
    private readonly ImageChatOptions _options;
    private readonly string[] _parameterNames;

    private ImageToolFunction(AIFunction inner, ImageChatOptions options)
        : base(inner)
    {
        _options = options;
        _parameterNames = [.. inner.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>Creates <c>generate_image</c>.</summary>
    public static ImageToolFunction Generate(ImageGenerationService images, ImageChatOptions options) =>
        new(Create(images.GenerateAsync, ImageChatDefaults.ImageToolName, ImageChatDefaults.ImageToolDescription, images.Choices), options);

    /// <summary>Creates <c>edit_image</c>.</summary>
    public static ImageToolFunction Edit(ImageGenerationService images, ImageChatOptions options) =>
        new(Create(images.EditAsync, ImageChatDefaults.EditImageToolName, ImageChatDefaults.EditImageToolDescription, images.Choices), options);

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        // The strings, read once, instead of the model's JSON elements: the factory would read them again, and an element
        // would keep its whole JSON document alive in the history. Anything but a string or null stays for the check below.
        foreach (string name in _parameterNames)
        {
            if (arguments.TryGetValue(name, out object? value) && value is JsonElement { ValueKind: JsonValueKind.String or JsonValueKind.Null } element)
            {
                arguments[name] = element.GetString();
            }
        }

        if (ArgumentProblem(arguments) is { } problem)
        {
            return new ValueTask<object?>(problem);
        }

        return base.InvokeCoreAsync(arguments, cancellationToken);
    }

    private static AIFunction Create(Delegate method, string name, string description, ImageRenderingChoices choices) =>
        AIFunctionFactory.Create(
            method,
            new AIFunctionFactoryOptions
            {
                Name = name,
                Description = description,

                // The rendering choices not offered stay out of the schema, so that by default the tools are the seed's.
                ConfigureParameterBinding = choices.Bind,
                JsonSchemaCreateOptions = AIJsonSchemaCreateOptions.Default with { ParameterDescriptionProvider = choices.Describe },

                // The result is the tool message's text as is; the default would JSON-encode it into a quoted string.
                MarshalResult = static (result, _, _) => new ValueTask<object?>(result),
            });

    private string? ArgumentProblem(AIFunctionArguments arguments)
    {
        if (!arguments.TryGetValue("description", out object? value) || value is null)
        {
            return $"Error: {Name} needs a 'description' string describing the image. No image was generated.";
        }

        if (value is not string description)
        {
            return $"Error: the 'description' argument of {Name} must be a string. No image was generated.";
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            return $"Error: the 'description' argument of {Name} is empty; describe the image to generate. No image was generated.";
        }

        if (description.Length > _options.MaxImageDescriptionLength)
        {
            return $"Error: the description is {description.Length} characters long; the image model accepts at most {_options.MaxImageDescriptionLength}. Shorten it and call {Name} again. No image was generated.";
        }

        // Every other parameter of these tools is an optional string; the loop would turn a number into an invocation error.
        foreach (string name in _parameterNames)
        {
            if (arguments.TryGetValue(name, out object? argument) && argument is not (null or string))
            {
                return $"Error: the '{name}' argument of {Name} must be a string. No image was generated.";
            }
        }

        return null;
    }
}
