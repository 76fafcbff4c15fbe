using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/> for the calls someone observes: while nothing listens to
/// its activity source or its instruments, a call goes straight to the next client, since the telemetry client would
/// still add an async frame and its bookkeeping to every model call for nothing.
/// </summary>
/// <remarks>
/// The telemetry client's instruments are caught as its constructor publishes them (<see cref="InstrumentCatcher"/>), so
/// that whether one is observed is read from the instrument itself, whoever enabled it and by whatever rule. The
/// telemetry client stays what <see cref="GetService"/> answers with, so the function-invocation loop still finds its
/// activity source.
/// </remarks>
internal sealed class ObservedTelemetryChatClient : DelegatingChatClient
{
    private readonly OpenTelemetryChatClient _telemetry;
    private readonly ActivitySource? _source;
    private readonly Instrument[] _instruments;

    public ObservedTelemetryChatClient(IChatClient innerClient, string sourceName, bool enableSensitiveData)
        : base(innerClient)
    {
        (_telemetry, _instruments) = InstrumentCatcher.Catch(() =>
            new OpenTelemetryChatClient(innerClient, logger: null, sourceName) { EnableSensitiveData = enableSensitiveData });
        _source = _telemetry.GetService<ActivitySource>();
    }

    private bool Observed
    {
        get
        {
            if (_source?.HasListeners() == true)
            {
                return true;
            }

            foreach (Instrument instrument in _instruments)
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

    /// <summary>
    /// Catches the instruments a constructor creates: a listener that enables none of them is told of each instrument as it
    /// is created, on the creating thread, and keeps those created inside <see cref="Catch"/> on that thread.
    /// </summary>
    private static class InstrumentCatcher
    {
        [ThreadStatic]
        private static List<Instrument>? t_caught;

        private static readonly MeterListener Listener = Start();

        public static (T Created, Instrument[] Instruments) Catch<T>(Func<T> create)
        {
            GC.KeepAlive(Listener); // Started before anything is created.
            List<Instrument> caught = [];
            t_caught = caught;
            try
            {
                return (create(), [.. caught]);
            }
            finally
            {
                t_caught = null;
            }
        }

        private static MeterListener Start()
        {
            MeterListener listener = new() { InstrumentPublished = static (instrument, _) => t_caught?.Add(instrument) };
            listener.Start();
            return listener;
        }
    }
}
