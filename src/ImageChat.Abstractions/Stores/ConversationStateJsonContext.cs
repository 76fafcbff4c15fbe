using System.Text.Json.Serialization;

namespace ImageChat;

/// <summary>The source-generated serialization of the conversation document.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ConversationDocument))]
[JsonSerializable(typeof(List<WirePart>))]
[JsonSerializable(typeof(string))]
internal sealed partial class ConversationStateJsonContext : JsonSerializerContext;
