using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Keys a provider sets on a <see cref="ChatResponse"/> and its contents (their <c>AdditionalProperties</c>) to pass facts
/// the Microsoft.Extensions.AI types have no place for to ImageChat's engine, such as what the provider sent verbatim.
/// </summary>
public static class ModelResponseProperties
{
    /// <summary>
    /// The <see cref="ErrorContent.ErrorCode"/> of the <see cref="ErrorContent"/> that carries the model's refusal in an
    /// assistant message, as Microsoft.Extensions.AI's OpenAI adapter puts OpenAI's <c>refusal</c> field: <c>Refusal</c>.
    /// ImageChat reads it into <see cref="ChatTurnResult.Refusal"/>; another provider signals a refusal the same way.
    /// </summary>
    public const string RefusalErrorCode = "Refusal";

    /// <summary>The key of the provider's raw response body, a <see cref="string"/> holding the JSON as received. The call log prints it with its key order kept.</summary>
    public const string RawResponseBody = "imagechat.raw_response_body";

    /// <summary>Reads <see cref="RawResponseBody"/> from a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The raw body, or <see langword="null"/> when the provider set none.</returns>
    public static string? GetRawResponseBody(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(RawResponseBody, out object? value) == true ? value as string : null;
    }

    /// <summary>Sets <see cref="RawResponseBody"/> on a response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">The raw body as received.</param>
    public static void SetRawResponseBody(ChatResponse response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        (response.AdditionalProperties ??= [])[RawResponseBody] = body;
    }

    /// <summary>
    /// The key, on a <see cref="FunctionCallContent"/>, of the tool call's arguments exactly as the model wrote them, a
    /// <see cref="string"/>. The call log prints it; without it the parsed arguments are serialized again.
    /// </summary>
    public const string RawArguments = "imagechat.raw_arguments";

    /// <summary>Reads <see cref="RawArguments"/> from a tool call.</summary>
    /// <param name="call">The tool call.</param>
    /// <returns>The arguments as the model wrote them, or <see langword="null"/> when the provider set none.</returns>
    public static string? GetRawArguments(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.AdditionalProperties?.TryGetValue(RawArguments, out object? value) == true ? value as string : null;
    }

    /// <summary>Sets <see cref="RawArguments"/> on a tool call.</summary>
    /// <param name="call">The tool call.</param>
    /// <param name="arguments">The arguments as the model wrote them.</param>
    public static void SetRawArguments(FunctionCallContent call, string arguments)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(arguments);
        (call.AdditionalProperties ??= [])[RawArguments] = arguments;
    }
}
