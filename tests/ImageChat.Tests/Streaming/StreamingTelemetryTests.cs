using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ImageChat.Tests.Streaming;

/// <summary>What a streamed turn reports to telemetry: the time its user waited for the first update.</summary>
public sealed class StreamingTelemetryTests : IDisposable
{
    private static readonly TimeSpan ModelTime = TimeSpan.FromSeconds(2);
    private readonly TempDirectory _images = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose()
    {
        _images.Dispose();
        _metrics.Dispose();
    }

    private IMeterFactory MeterFactory => _metrics.GetRequiredService<IMeterFactory>();

    /// <summary>A client whose chat model takes <see cref="ModelTime"/> on the injected clock for each answer.</summary>
    private IImageChatClient Build()
    {
        int calls = 0;
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                _clock.Advance(ModelTime);
                return Task.FromResult(Interlocked.Increment(ref calls) == 1 ? TestChatClient.ToolCall("call_1", "A worm") : TestChatClient.Reply("Here it is."));
            },
        };
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(chat)
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .UseTimeProvider(_clock);
        builder.Services.AddSingleton(MeterFactory);
        return builder.Build();
    }

    [Fact]
    public async Task A_streamed_turn_measures_the_time_to_its_first_update_and_tags_its_span()
    {
        using MetricCollector<double> firstUpdates = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.TurnTimeToFirstUpdateMetric);
        using IImageChatClient client = Build();
        List<Activity> turns = [];
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source.Name == ImageChatTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (turns)
                {
                    turns.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        IImageChatConversation conversation = client.StartConversation();

        await foreach (TurnUpdate update in conversation.SendStreamingAsync("create the image of a worm"))
        {
            _clock.Advance(TimeSpan.FromSeconds(1)); // The reader's own time counts for the turn, not for its first update.
        }

        Assert.Equal(ModelTime.TotalSeconds, Assert.Single(firstUpdates.GetMeasurementSnapshot()).Value);
        lock (turns)
        {
            Activity turn = Assert.Single(turns, t => t.OperationName == ImageChatTelemetry.TurnActivityName && (string?)t.GetTagItem("gen_ai.conversation.id") == conversation.Id);
            Assert.Equal(ModelTime.TotalSeconds, turn.GetTagItem("image_chat.turn.time_to_first_update"));
        }
    }

    [Fact]
    public async Task A_buffered_turn_has_no_first_update_to_measure()
    {
        using MetricCollector<double> firstUpdates = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.TurnTimeToFirstUpdateMetric);
        using MetricCollector<double> durations = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.TurnDurationMetric);
        using IImageChatClient client = Build();

        await client.StartConversation().SendAsync("create the image of a worm");

        Assert.Empty(firstUpdates.GetMeasurementSnapshot());
        Assert.Equal(2 * ModelTime.TotalSeconds, Assert.Single(durations.GetMeasurementSnapshot()).Value);
    }
}
