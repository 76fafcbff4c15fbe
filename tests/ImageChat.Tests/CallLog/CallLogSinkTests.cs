using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ImageChat.Tests.CallLog;

public sealed class CallLogSinkTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private sealed class ThrowingSink : ICallLogSink
    {
        public ValueTask WriteAsync(string conversationId, ModelCall modelCall, CancellationToken cancellationToken = default) =>
            throw new IOException("disk full");
    }

    [Fact]
    public async Task A_failing_sink_is_logged_and_never_fails_the_turn()
    {
        FakeLogCollector logs = new();
        using StringWriter log = new();
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "hello"))))
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_directory.Path)
            .AddCallLogSink(new ThrowingSink())
            .UseCallLog(log);
        builder.Services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using IImageChatClient client = builder.Build();

        ChatTurnResult turn = await client.StartConversation().SendAsync("hi");

        Assert.Equal("hello", turn.Text);
        Assert.Contains("### Call #1 - Initial Chat", log.ToString(), StringComparison.Ordinal);
        FakeLogRecord warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 3001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.IsType<IOException>(warning.Exception);
    }

    [Fact]
    public async Task Concurrent_conversations_get_their_own_files_each_numbered_from_one()
    {
        string folder = Path.Combine(_directory.Path, "logs");
        using IImageChatClient client = new ImageChatBuilder()
            .UseChatClient(new TestChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(TestChatClient.Reply("ok")) })
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_directory.Path)
            .UseCallLog(folder)
            .Build();
        IImageChatConversation first = client.StartConversation();
        IImageChatConversation second = client.StartConversation();

        await Task.WhenAll(
            Task.Run(async () => { await first.SendAsync("one"); await first.SendAsync("two"); }),
            Task.Run(async () => { await second.SendAsync("three"); }));

        string firstLog = await File.ReadAllTextAsync(Path.Combine(folder, first.Id + ".md"));
        string secondLog = await File.ReadAllTextAsync(Path.Combine(folder, second.Id + ".md"));
        Assert.Equal(["### Call #1 - Initial Chat", "### Call #2 - Initial Chat"], Headers(firstLog));
        Assert.Equal(["### Call #1 - Initial Chat"], Headers(secondLog));
        Assert.DoesNotContain("\"three\"", firstLog, StringComparison.Ordinal);
    }

    private static string[] Headers(string log) =>
        [.. log.Split('\n').Where(line => line.StartsWith("### ", StringComparison.Ordinal)).Select(line => line[..line.IndexOf(" (", StringComparison.Ordinal)])];

    [Fact]
    public void File_names_never_leave_the_folder_whatever_the_conversation_id()
    {
        using FileCallLogSink sink = new(new FileCallLogSinkOptions { Directory = _directory.Path });

        string path = sink.GetFilePath("../../etc/passwd");

        Assert.Equal(Path.GetFullPath(_directory.Path), Path.GetDirectoryName(path));
        Assert.EndsWith(".md", path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("md")]
    [InlineData(".m/d")]
    [InlineData(" ")]
    public void File_sink_options_refuse_a_bad_extension(string extension) =>
        Assert.ThrowsAny<ArgumentException>(() => new FileCallLogSinkOptions { FileExtension = extension });
}
