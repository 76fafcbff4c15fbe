using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/> for the calls someone observes: while nothing listens to
/// its activity source or its <c>gen_ai.client.*</c> instruments, a call goes straight to the next client, since the
/// telemetry client would still add an async frame and its bookkeeping to every model call for nothing.
/// </summary>
/// <remarks>
/// Whether its instruments are observed is read from probe instruments of the same meter name and instrument names,
/// which a <see cref="MeterListener"/> (the OpenTelemetry SDK's among them) enables by the same rule. The telemetry
/// client stays what <see cref="GetService"/> answers with, so the function-invocation loop still finds its activity source.
/// </remarks>
internal sealed class ObservedTelemetryChatClient : DelegatingChatClient
{
    private static readonly Meter Probe = new(ImageChatTelemetry.SourceName);
    private static readonly Instrument[] Instruments =
    [
        Probe.CreateHistogram<double>("gen_ai.client.operation.duration"),
        Probe.CreateHistogram<int>("gen_ai.client.token.usage"),
        Probe.CreateHistogram<double>("gen_ai.client.operation.time_to_first_chunk"),
        Probe.CreateHistogram<double>("gen_ai.client.operation.time_per_output_chunk"),
    ];

    private readonly OpenTelemetryChatClient _telemetry;
    private readonly ActivitySource? _source;

    public ObservedTelemetryChatClient(IChatClient innerClient, OpenTelemetryChatClient telemetry)
        : base(innerClient)
    {
        _telemetry = telemetry;
        _source = telemetry.GetService<ActivitySource>();
    }

    private bool Observed
    {
        get
        {
            if (_source?.HasListeners() == true)
            {
                return true;
            }

            foreach (Instrument instrument in Instruments)
            {
                if (instrument.Enabled)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Observed ? _telemetry.GetResponseAsync(messages, options, cancellationToken) : base.GetResponseAsync(messages, options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Observed ? _telemetry.GetStreamingResponseAsync(messages, options, cancellationToken) : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _telemetry.GetService(serviceType, serviceKey);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _telemetry.Dispose(); // Its activity source and meter; the inner client's Dispose may run twice, as Dispose allows.
        }

        base.Dispose(disposing);
    }
}
