using System.Text.Json.Serialization;

namespace ImageChat;

/// <summary>The JSON of OpenAI's streamed image calls, generated at build time (trimming and AOT safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageStreamRequest))]
[JsonSerializable(typeof(ImageStreamEvent))]
internal sealed partial class OpenAIImageJsonContext : JsonSerializerContext;
