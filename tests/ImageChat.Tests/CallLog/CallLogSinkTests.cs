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
