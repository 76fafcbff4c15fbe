using System.Text.RegularExpressions;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace ImageChat.Tests.CallLog;

/// <summary>
/// The acceptance test of the call log: the seed's seven responses replayed through the OpenAI provider over loopback
/// HTTP must produce the seed's log, byte for byte once header times and generated file names are normalized.
/// </summary>
public sealed partial class SeedCallLogTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "sk-test-key-that-must-never-be-logged";
    private readonly TempDirectory _directory = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        _server.EnqueueSeed(TestImageGenerator.PngBytes);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    private ImageChatBuilder SeedBuilder(TimeProvider? timeProvider = null) =>
        new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = ApiKey;
                o.Endpoint = _server.Endpoint;
            })
            .UseImageDirectory(Path.Combine(_directory.Path, "images"))
            .UseTimeProvider(timeProvider ?? new FakeTimeProvider(new DateTimeOffset(2025, 8, 4, 9, 21, 34, TimeSpan.Zero)));

    private static async Task<IImageChatConversation> RunSeedAsync(IImageChatClient client)
    {
        IImageChatConversation conversation = client.StartConversation();
        foreach (string message in SeedLog.UserMessages)
        {
            await conversation.SendAsync(message);
        }

        return conversation;
    }

    private static async Task StreamSeedAsync(IImageChatClient client)
    {
        IImageChatConversation conversation = client.StartConversation();
        foreach (string message in SeedLog.UserMessages)
        {
            TurnUpdate? last = null;
            await foreach (TurnUpdate update in conversation.SendStreamingAsync(message))
            {
                last = update;
            }

            Assert.IsType<TurnCompleted>(last);
        }
    }

    private static string Normalize(string log) => SeedLog.NormalizeFileNames(HeaderTime().Replace(log, "(HH:mm:ss)"));

    [Fact]
    public async Task The_seed_conversation_writes_the_seed_log()
    {
        using StringWriter log = new();
        using IImageChatClient client = SeedBuilder().UseCallLog(log).Build();

        await RunSeedAsync(client);

        Assert.Equal(Normalize(SeedLog.Text), Normalize(log.ToString()));
        Assert.DoesNotContain(ApiKey, log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", log.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_streamed_replay_of_the_seed_writes_the_same_log()
    {
        using StringWriter log = new();
        using IImageChatClient client = SeedBuilder().UseCallLog(log).Build();

        await StreamSeedAsync(client);

        Assert.All(_server.ChatRequests, request => Assert.True(request.Json.GetProperty("stream").GetBoolean()));
        Assert.Equal(Normalize(SeedLog.Text), Normalize(log.ToString()));
    }

    [Fact]
    public async Task The_file_sink_writes_the_same_log_to_one_file_per_conversation()
    {
        using StringWriter log = new();
        string folder = Path.Combine(_directory.Path, "call-logs");
        using IImageChatClient client = SeedBuilder().UseCallLog(log).UseCallLog(folder).Build();

        IImageChatConversation conversation = await RunSeedAsync(client);

        string file = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(Path.Combine(folder, conversation.Id + ".md"), file);
        Assert.Equal(log.ToString(), await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Header_times_are_the_injected_clock_s_local_time()
    {
        FakeTimeProvider clock = new(new DateTimeOffset(2025, 8, 4, 7, 21, 34, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2"));
        using StringWriter log = new();
        using IImageChatClient client = SeedBuilder(clock).UseCallLog(log).Build();

        await RunSeedAsync(client);

        string[] times = [.. HeaderTime().Matches(log.ToString()).Select(m => m.Value)];
        Assert.Equal(Enumerable.Repeat("(09:21:34)", 7), times);
    }

    [GeneratedRegex(@"\(\d\d:\d\d:\d\d\)$", RegexOptions.Multiline)]
    private static partial Regex HeaderTime();
}
