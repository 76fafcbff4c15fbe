namespace ImageChat;

/// <summary>
/// Settings of ImageChat's traces, metrics and logs. Telemetry costs next to nothing until something listens, so it is
/// always on; these settings only decide what it may contain.
/// </summary>
public sealed class ImageChatTelemetryOptions
{
    /// <summary>The configuration section these options bind from, below <c>ImageChat</c>: <c>Telemetry</c>.</summary>
    public const string ConfigurationSectionName = "Telemetry";

    /// <summary>
    /// Gets or sets a value indicating whether spans may carry message contents, tool arguments and results, and image
    /// descriptions. Default: <see langword="false"/>, since they may hold personal data. Logs carry contents only at
    /// <c>Trace</c> level, whatever this says.
    /// </summary>
    public bool EnableSensitiveData { get; set; }
}
