using System.Text;
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

    /// <summary>
    /// The key of the provider's raw response body, the JSON as received: a <see cref="string"/>, or its UTF-8 bytes as a
    /// <see cref="ReadOnlyMemory{T}"/> of <see cref="byte"/> (a provider keeps the bytes it already has, so that nothing is
    /// decoded unless someone reads it). The call log prints it with its key order kept.
    /// </summary>
    public const string RawResponseBody = "imagechat.raw_response_body";

    /// <summary>Reads <see cref="RawResponseBody"/> from a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The raw body, or <see langword="null"/> when the provider set none.</returns>
    public static string? GetRawResponseBody(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(RawResponseBody, out object? value) == true ? AsText(value) : null;
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

    /// <summary>Sets <see cref="RawResponseBody"/> on a response as the UTF-8 bytes received, decoded only when read.</summary>
    /// <param name="response">The response.</param>
    /// <param name="utf8Body">The raw body as received; the caller must not change these bytes afterwards.</param>
    public static void SetRawResponseBody(ChatResponse response, ReadOnlyMemory<byte> utf8Body)
    {
        ArgumentNullException.ThrowIfNull(response);
        (response.AdditionalProperties ??= [])[RawResponseBody] = utf8Body;
    }

    /// <summary>
    /// The key, on a <see cref="FunctionCallContent"/>, of the tool call's arguments exactly as the model wrote them, a
    /// <see cref="string"/> or its UTF-8 bytes as a <see cref="ReadOnlyMemory{T}"/> of <see cref="byte"/>. The call log prints
    /// it and providers send it back as is; without it the parsed arguments are serialized again.
    /// </summary>
    public const string RawArguments = "imagechat.raw_arguments";

    /// <summary>Reads <see cref="RawArguments"/> from a tool call.</summary>
    /// <param name="call">The tool call.</param>
    /// <returns>The arguments as the model wrote them, or <see langword="null"/> when the provider set none.</returns>
    public static string? GetRawArguments(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.AdditionalProperties?.TryGetValue(RawArguments, out object? value) == true ? AsText(value) : null;
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

    /// <summary>Sets <see cref="RawArguments"/> on a tool call as the UTF-8 bytes the model wrote, decoded only when read.</summary>
    /// <param name="call">The tool call.</param>
    /// <param name="utf8Arguments">The arguments as the model wrote them; the caller must not change these bytes afterwards.</param>
    public static void SetRawArguments(FunctionCallContent call, ReadOnlyMemory<byte> utf8Arguments)
    {
        ArgumentNullException.ThrowIfNull(call);
        (call.AdditionalProperties ??= [])[RawArguments] = utf8Arguments;
    }

    /// <summary>Reads <see cref="RawArguments"/> from a tool call as UTF-8 bytes, without decoding them.</summary>
    /// <param name="call">The tool call.</param>
    /// <param name="utf8Arguments">The arguments as the model wrote them.</param>
    /// <returns><see langword="true"/> when the provider set them.</returns>
    public static bool TryGetRawArguments(FunctionCallContent call, out ReadOnlyMemory<byte> utf8Arguments)
    {
        ArgumentNullException.ThrowIfNull(call);
        object? value = null;
        if (call.AdditionalProperties?.TryGetValue(RawArguments, out value) != true)
        {
            utf8Arguments = default;
            return false;
        }

        switch (value)
        {
            case ReadOnlyMemory<byte> bytes:
                utf8Arguments = bytes;
                return true;
            case string text:
                utf8Arguments = Encoding.UTF8.GetBytes(text);
                return true;
            default:
                utf8Arguments = default;
                return false;
        }
    }

    private static string? AsText(object? value) => value switch
    {
        string text => text,
        ReadOnlyMemory<byte> bytes => Encoding.UTF8.GetString(bytes.Span),
        _ => null,
    };
}
