using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ImageChat.Tests.Telemetry;

/// <summary>
/// Spans, metrics and logs of a picture turn. Activity listeners are process-wide, so each test keeps only the spans
/// of its own trace.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private const string UserText = "draw a secret worm";
    private const string Description = "a secret worm on moist soil";

    private readonly TempDirectory _images = new();
    private readonly FakeLogCollector _logs = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _images.Dispose();
        _metrics.Dispose();
    }

    private IMeterFactory MeterFactory => _metrics.GetRequiredService<IMeterFactory>();

    private IImageChatClient Build(bool sensitive = false, LogLevel minimumLevel = LogLevel.Information)
    {
        TestImageGenerator images = new()
        {
            GenerateCallback = (_, _) => Task.FromResult(new TextToImageResult(TestImageGenerator.PngBytes, "image/png")
            {
                ModelId = "test-image-model",
                Usage = new TokenUsage(50, 4160),
            }),
        };
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", Description, 94, 63), _ => TestChatClient.Reply("Here it is.", 737, 33)))
            .UseImageGenerator(images)
            .UseImageDirectory(_images.Path)
            .ConfigureTelemetry(o => o.EnableSensitiveData = sensitive);
        builder.Services.AddSingleton(MeterFactory);
        builder.Services.AddLogging(b => b.SetMinimumLevel(minimumLevel).AddProvider(new FakeLoggerProvider(_logs)));
        return builder.Build();
    }

    /// <summary>Runs one picture turn under a parent span of the test's own and returns every ImageChat span of it.</summary>
    private static async Task<(IImageChatConversation Conversation, List<Activity> Spans)> RunPictureTurnAsync(IImageChatClient client)
    {
        using ActivitySource testSource = new($"ImageChat.Tests.{Guid.NewGuid():N}");
        List<Activity> spans = [];
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source.Name == ImageChatTelemetry.SourceName || source == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        IImageChatConversation conversation = client.StartConversation();
        ActivityTraceId trace;
        using (Activity root = testSource.StartActivity("test")!)
        {
            trace = root.TraceId;
            await conversation.SendAsync(UserText);
        }

        lock (spans)
        {
            return (conversation, [.. spans.Where(s => s.TraceId == trace && s.Source.Name == ImageChatTelemetry.SourceName)]);
        }
    }

    [Fact]
    public async Task A_picture_turn_is_one_turn_span_with_chat_tool_and_image_spans_below_it()
    {
        using IImageChatClient client = Build();

        (IImageChatConversation conversation, List<Activity> spans) = await RunPictureTurnAsync(client);

        Activity turn = Assert.Single(spans, s => s.OperationName == ImageChatTelemetry.TurnActivityName);
        Assert.Equal(conversation.Id, turn.GetTagItem("gen_ai.conversation.id"));
        Assert.Equal(94L + 737L, turn.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(63L + 33L, turn.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(1, turn.GetTagItem("image_chat.images.count"));

        Activity[] chats = [.. spans.Where(s => s.GetTagItem("gen_ai.operation.name") as string == "chat")];
        Assert.Equal(2, chats.Length);
        Assert.All(chats, chat => Assert.True(IsBelow(chat, turn, spans)));

        Activity tool = Assert.Single(spans, s => s.GetTagItem("gen_ai.operation.name") as string == "execute_tool");
        Assert.Equal(ImageChatDefaults.ImageToolName, tool.GetTagItem("gen_ai.tool.name"));
        Assert.True(IsBelow(tool, turn, spans));

        Activity image = Assert.Single(spans, s => s.OperationName == ImageChatTelemetry.ImageActivityName);
        Assert.Equal(tool.SpanId, image.ParentSpanId);
        Assert.Equal("test-image-model", image.GetTagItem("gen_ai.response.model"));
        Assert.Equal(4160L, image.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(conversation.Images.Single().FileName, image.GetTagItem("image_chat.image.file_name"));
    }

    [Fact]
    public async Task Message_contents_stay_out_of_spans_unless_sensitive_data_is_enabled()
    {
        using IImageChatClient plain = Build(sensitive: false);
        using IImageChatClient sensitive = Build(sensitive: true);

        (_, List<Activity> plainSpans) = await RunPictureTurnAsync(plain);
        (_, List<Activity> sensitiveSpans) = await RunPictureTurnAsync(sensitive);

        Assert.DoesNotContain(plainSpans.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains("secret", StringComparison.Ordinal) == true);
        Assert.Contains(sensitiveSpans.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains(UserText, StringComparison.Ordinal) == true);
        Assert.Equal(Description, sensitiveSpans.Single(s => s.OperationName == ImageChatTelemetry.ImageActivityName).GetTagItem("image_chat.image.description"));
    }

    [Fact]
    public async Task Images_image_tokens_and_turn_duration_are_measured()
    {
        using MetricCollector<long> images = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.ImagesGeneratedMetric);
        using MetricCollector<long> imageTokens = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.ImageTokenUsageMetric);
        using MetricCollector<double> turns = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.TurnDurationMetric);
        using IImageChatClient client = Build();

        await client.StartConversation().SendAsync(UserText);

        CollectedMeasurement<long> image = Assert.Single(images.GetMeasurementSnapshot());
        Assert.Equal(1, image.Value);
        Assert.Equal("test-image-model", image.Tags["gen_ai.response.model"]);
        Assert.Equal(
            [("input", 50L), ("output", 4160L)],
            imageTokens.GetMeasurementSnapshot().Select(m => ((string)m.Tags["gen_ai.token.type"]!, m.Value)).Order());
        CollectedMeasurement<double> turn = Assert.Single(turns.GetMeasurementSnapshot());
        Assert.True(turn.Value >= 0);
        Assert.False(turn.Tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task A_listener_of_the_chat_metrics_alone_gets_each_model_call_measured()
    {
        // No activity listener: the chat calls' telemetry runs because its instruments are observed. A MeterListener as
        // the OpenTelemetry SDK's: every instrument of that meter and name (MetricCollector keeps to the first it sees).
        List<(string? Type, int Tokens)> measured = [];
        using MeterListener listener = new()
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ImageChatTelemetry.SourceName && instrument.Name == "gen_ai.client.token.usage")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            string? type = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                type = tag.Key == "gen_ai.token.type" ? tag.Value as string : type;
            }

            lock (measured)
            {
                measured.Add((type, value));
            }
        });
        listener.Start();
        using IImageChatClient client = Build();

        await client.StartConversation().SendAsync(UserText);

        // Measurements of other tests' conversations may be among them: this turn's calls are the ones with its token counts.
        lock (measured)
        {
            Assert.Contains(("input", 94), measured);
            Assert.Contains(("output", 63), measured);
            Assert.Contains(("input", 737), measured);
            Assert.Contains(("output", 33), measured);
        }
    }

    [Fact]
    public async Task A_failed_turn_is_measured_with_its_error_type()
    {
        using MetricCollector<double> turns = new(MeterFactory, ImageChatTelemetry.MeterName, ImageChatTelemetry.TurnDurationMetric);
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(new TestChatClient { GetResponseAsyncCallback = (_, _, _) => throw new ModelCallException(ModelOperation.Chat, ModelCallFailureKind.HttpError, "boom") { StatusCode = 400 } })
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path);
        builder.Services.AddSingleton(MeterFactory);
        using IImageChatClient client = builder.Build();

        await Assert.ThrowsAsync<ModelCallException>(() => client.StartConversation().SendAsync(UserText));

        CollectedMeasurement<double> turn = Assert.Single(turns.GetMeasurementSnapshot());
        Assert.Equal(typeof(ModelCallException).FullName, turn.Tags["error.type"]);
    }

    [Fact]
    public async Task Logs_report_the_turn_model_calls_tool_and_image_and_keep_contents_for_trace()
    {
        using IImageChatClient client = Build(minimumLevel: LogLevel.Debug);

        await client.StartConversation().SendAsync(UserText);

        IReadOnlyList<FakeLogRecord> records = _logs.GetSnapshot();
        Assert.Equal([1003, 3002, 4001, 2001, 3002, 1005], records.Select(r => r.Id.Id).Where(id => id is 1003 or 1005 or 2001 or 3002 or 4001));
        Assert.DoesNotContain(records, r => r.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pollys_records_name_each_result_by_its_kind_and_finish_reason_only()
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted(
                _ => Finished(TestChatClient.ToolCall("call_1", Description), ChatFinishReason.ToolCalls),
                _ => Finished(TestChatClient.Reply("Here it is."), ChatFinishReason.Stop),
                _ => Finished(TestChatClient.Reply("It is a secret worm, cut"), ChatFinishReason.Length),
                _ => TestChatClient.Reply("No reason given.")))
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path);
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(_logs)));
        using IImageChatClient client = builder.Build();
        IImageChatConversation conversation = client.StartConversation();

        await conversation.SendAsync(UserText);
        await conversation.SendAsync("what is it?");
        await conversation.SendAsync("and now?");

        string[] results = [.. _logs.GetSnapshot()
            .Where(r => r.Category == "Polly" && r.Message.StartsWith("Resilience pipeline executed", StringComparison.Ordinal))
            .Select(r => r.Message.Split("Result: '")[1].Split('\'')[0])];
        Assert.Equal(
            [
                "ChatResponse (finish reason: tool_calls)",
                "image (image/png)",
                "ChatResponse (finish reason: stop)",
                "ChatResponse (finish reason: length)",
                "ChatResponse (finish reason: none)",
            ],
            results);
    }

    private static ChatResponse Finished(ChatResponse response, ChatFinishReason reason)
    {
        response.FinishReason = reason;
        return response;
    }

    [Fact]
    public async Task At_trace_level_the_logs_carry_the_contents()
    {
        using IImageChatClient client = Build(minimumLevel: LogLevel.Trace);

        await client.StartConversation().SendAsync(UserText);

        IReadOnlyList<FakeLogRecord> records = _logs.GetSnapshot();
        Assert.All(
            records.Where(r => r.Message.Contains("secret", StringComparison.Ordinal)),
            r => Assert.Equal(LogLevel.Trace, r.Level));
        Assert.Contains(records, r => r.Id.Id == 1004 && r.Message.Contains(UserText, StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == 3003 && r.Message.Contains(Description, StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == 4003 && r.Message.Contains(Description, StringComparison.Ordinal));
    }

    private static bool IsBelow(Activity span, Activity ancestor, List<Activity> spans)
    {
        for (Activity? current = span; current is not null; current = spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
