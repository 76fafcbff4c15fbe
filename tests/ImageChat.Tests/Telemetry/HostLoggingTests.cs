using System.Collections.Concurrent;
using System.Text.Json;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageChat.Tests.Telemetry;

/// <summary>
/// ImageChat in an app as an app runs it: the generic host with its default logging (Information and up), the OpenAI
/// provider over loopback HTTP. Every record of every category is captured: ours, Polly's and Microsoft.Extensions.AI's.
/// </summary>
public sealed class HostLoggingTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "sk-host-logging-test-0123456789abcdef";
    private const string RevisedPrompt = "An earthworm, revised by the image model, on dark soil.";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private readonly TempDirectory _directory = new();
    private readonly CapturingLoggerProvider _records = new();
    private FakeOpenAIServer _server = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _directory.Path,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.AddProvider(_records);
        builder.Services.AddImageChat(o => o.ImageDirectory = Path.Combine(_directory.Path, "images"))
            .UseOpenAI(o =>
            {
                o.ApiKey = ApiKey;
                o.Endpoint = _server.Endpoint;
            })
            .ConfigureResilience(o => o.Chat.BaseDelay = o.Image.BaseDelay = TimeSpan.Zero);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _records.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_picture_turn_with_a_retry_logs_one_information_line_and_no_conversation_text()
    {
        _server.EnqueueChatJson(SeedLog.Calls[0].ResponseJson).EnqueueChatJson(SeedLog.Calls[1].ResponseJson);
        _server.EnqueueImage(FakeOpenAIServer.Json(503, FakeOpenAIServer.ErrorJson("Overloaded.", "server_error", null)));
        _server.EnqueueImageJson(ImageWithRevisedPrompt());
        IImageChatConversation conversation = _host.Services.GetRequiredService<IImageChatClient>().StartConversation();
        _records.Clear();

        ChatTurnResult turn = await conversation.SendAsync(SeedLog.UserMessages[0]);

        Assert.Equal(RevisedPrompt, Assert.Single(turn.Images).RevisedPrompt);
        LogRecord[] records = _records.Records;
        Assert.Single(records, r => r.Level == LogLevel.Information);
        LogRecord retry = Assert.Single(records, r => r.Level >= LogLevel.Warning);
        Assert.Equal("Polly", retry.Category);
        Assert.Contains("OnRetry", retry.Text, StringComparison.Ordinal);
        AssertNoConversationText(records, turn);
    }

    [Fact]
    public async Task A_failing_turn_logs_its_failure_once_and_no_conversation_text()
    {
        _server.EnqueueChat(FakeOpenAIServer.Json(401, FakeOpenAIServer.ErrorJson("Incorrect API key provided.", "invalid_request_error", "invalid_api_key")));
        IImageChatConversation conversation = _host.Services.GetRequiredService<IImageChatClient>().StartConversation();
        _records.Clear();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(SeedLog.UserMessages[0]));

        Assert.Equal(401, failure.StatusCode);
        LogRecord[] records = _records.Records;
        LogRecord logged = Assert.Single(records, r => r.Level >= LogLevel.Information);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Same(failure, logged.Exception);
        AssertNoConversationText(records, turn: null);
    }

    private static void AssertNoConversationText(LogRecord[] records, ChatTurnResult? turn)
    {
        string description = JsonDocument.Parse(SeedLog.Calls[0].Response.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0]
            .GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("description").GetString()!;
        string[] secrets = [SeedLog.UserMessages[0], description, RevisedPrompt, ApiKey, "Here is the image of a worm", .. turn is null ? [] : new[] { turn.Text }];
        Assert.NotEmpty(records);
        foreach (LogRecord record in records)
        {
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, record.Text, StringComparison.Ordinal);
            }
        }
    }

    private static string ImageWithRevisedPrompt() =>
        JsonSerializer.Serialize(new { created = 1754292100, data = new[] { new { b64_json = Convert.ToBase64String(Png), revised_prompt = RevisedPrompt } } });

    /// <summary>One captured record: everything a sink could write of it (message, state values, exception chain).</summary>
    private sealed record LogRecord(string Category, LogLevel Level, string Text, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogRecord> _records = new();

        public LogRecord[] Records => [.. _records];

        public void Clear() => _records.Clear();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _records);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<LogRecord> records) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                string exceptions = string.Join(" | ", Chain(exception).Select(e => e.Message));
                records.Enqueue(new LogRecord(category, logLevel, $"{formatter(state, exception)} {values} {exceptions}", exception));
            }

            private static IEnumerable<Exception> Chain(Exception? exception)
            {
                for (; exception is not null; exception = exception.InnerException)
                {
                    yield return exception;
                }
            }
        }
    }
}
