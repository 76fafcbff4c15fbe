using System.Text.Json.Serialization;

namespace ImageChat;

/// <summary>System.Text.Json metadata for what the call log serializes itself, generated at build time for trimming and AOT.</summary>
[JsonSerializable(typeof(IDictionary<string, object?>))]
internal sealed partial class CallLogJsonContext : JsonSerializerContext;
