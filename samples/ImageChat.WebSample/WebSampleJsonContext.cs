using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageChat.WebSample;

/// <summary>JSON for the page's requests, responses and events, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MessageRequest))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(ConversationView))]
[JsonSerializable(typeof(Events.Status))]
[JsonSerializable(typeof(Events.Delta))]
[JsonSerializable(typeof(Events.ImageStarted))]
[JsonSerializable(typeof(Events.ImagePreview))]
[JsonSerializable(typeof(Events.ImageSaved))]
[JsonSerializable(typeof(Events.Done))]
[JsonSerializable(typeof(Events.TurnFailed))]
public sealed partial class WebSampleJsonContext : JsonSerializerContext;
