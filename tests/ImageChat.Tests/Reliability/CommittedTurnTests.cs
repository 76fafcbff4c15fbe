using System.Diagnostics;
using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 8: once a turn is committed nothing can make SendAsync throw; loggers, listeners and sinks are isolated.</summary>
public sealed class CommittedTurnTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_logger_an_activity_listener_and_a_sink_that_throw_do_not_fail_a_committed_turn(bool streamed)
    {
        string id = $"committed-{Guid.NewGuid():N}";
        ThrowingObservers observers = new(id);
        using ActivityListener listener = observers.Listener();
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b =>
        {
            b.Services.AddSingleton<ILoggerProvider>(observers);
            b.AddCallLogSink(observers);
        });
        IImageChatConversation conversation = harness.Client.StartConversation(new ConversationOptions { Id = id });
        harness.PictureTurnSucceeds();

        ChatTurnResult turn = await conversation.RunTurnAsync(SeedLog.UserMessages[0], streamed);

        Assert.Single(turn.Images);
        Assert.Equal(5, conversation.History.Count);
        Assert.Equal(1, observers.TurnCompletedLogs);
        Assert.Equal(1, observers.TurnActivitiesStopped);
        Assert.Equal(2, observers.SinkWrites);
        await harness.AssertNextTurnSucceedsAsync(conversation);
        Assert.Equal(2, observers.TurnCompletedLogs);
    }

    /// <summary>A logger that throws on ImageChat's "turn completed" event, a listener that throws when a turn's span stops, and a call-log sink that always throws, all for one conversation.</summary>
    private sealed class ThrowingObservers(string watchedConversationId) : ILoggerProvider, ILogger, ICallLogSink
    {
        private int _turnCompletedLogs;
        private int _turnActivitiesStopped;
        private int _sinkWrites;

        public int TurnCompletedLogs => Volatile.Read(ref _turnCompletedLogs);

        public int TurnActivitiesStopped => Volatile.Read(ref _turnActivitiesStopped);

        public int SinkWrites => Volatile.Read(ref _sinkWrites);

        public ActivityListener Listener()
        {
            ActivityListener listener = new()
            {
                ShouldListenTo = source => source.Name == ImageChatTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.OperationName == ImageChatTelemetry.TurnActivityName && Equals(activity.GetTagItem("gen_ai.conversation.id"), watchedConversationId))
                    {
                        Interlocked.Increment(ref _turnActivitiesStopped);
                        throw new InvalidOperationException("The listener is broken.");
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
            return listener;
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1005)
            {
                Interlocked.Increment(ref _turnCompletedLogs);
                throw new InvalidOperationException("The logger is broken.");
            }
        }

        public ValueTask WriteAsync(string conversationId, ModelCall modelCall, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _sinkWrites);
            throw new IOException("The disk is full.");
        }

        public void Dispose()
        {
        }
    }
}
