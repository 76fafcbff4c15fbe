using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Keys a provider sets on <see cref="ChatResponse.AdditionalProperties"/> to pass facts to ImageChat's engine.
/// </summary>
public static class ModelResponseProperties
{
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
}
