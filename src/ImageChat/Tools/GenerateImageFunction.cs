using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// The built-in <c>generate_image</c> tool: checks the model's description, asks the image model through the image
/// resilience pipeline, saves the image and tells the model where it is.
/// </summary>
/// <remarks>
/// The schema comes from <see cref="AIFunctionFactory"/> over <see cref="ImageGenerationService.GenerateAsync"/>; this wrapper checks the
/// arguments first, so that a missing, empty or oversized description is reported to the model instead of failing.
/// </remarks>
internal sealed class GenerateImageFunction : DelegatingAIFunction
{
    private readonly ImageChatOptions _options;

    public GenerateImageFunction(ImageGenerationService images, IOptions<ImageChatOptions> options)
        : base(CreateInner(images))
    {
        _options = options.Value;
    }

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        if (DescriptionProblem(arguments, out string? description) is { } problem)
        {
            return new ValueTask<object?>(problem);
        }

        // The string just read, instead of the model's JSON element: the factory below would read it again, and the
        // element would keep its whole JSON document alive in the history.
        arguments["description"] = description;
        return base.InvokeCoreAsync(arguments, cancellationToken);
    }

    private static AIFunction CreateInner(ImageGenerationService images) =>
        AIFunctionFactory.Create(
            images.GenerateAsync,
            new AIFunctionFactoryOptions
            {
                Name = ImageChatDefaults.ImageToolName,
                Description = ImageChatDefaults.ImageToolDescription,

                // The result is the tool message's text as is; the default would JSON-encode it into a quoted string.
                MarshalResult = static (result, _, _) => new ValueTask<object?>(result),
            });

    private string? DescriptionProblem(AIFunctionArguments arguments, out string? description)
    {
        description = null;
        if (!arguments.TryGetValue("description", out object? value) || value is null)
        {
            return "Error: generate_image needs a 'description' string describing the image. No image was generated.";
        }

        description = value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => null,
        };

        if (description is null)
        {
            return "Error: the 'description' argument of generate_image must be a string. No image was generated.";
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            return "Error: the 'description' argument of generate_image is empty; describe the image to generate. No image was generated.";
        }

        if (description.Length > _options.MaxImageDescriptionLength)
        {
            return $"Error: the description is {description.Length} characters long; the image model accepts at most {_options.MaxImageDescriptionLength}. Shorten it and call generate_image again. No image was generated.";
        }

        return null;
    }
}
