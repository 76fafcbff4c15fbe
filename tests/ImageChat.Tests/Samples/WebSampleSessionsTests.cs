using System.Runtime.CompilerServices;
using ImageChat.Samples.Demo;
using ImageChat.Tests.TestDoubles;
using ImageChat.WebSample;
using Microsoft.Extensions.Time.Testing;

namespace ImageChat.Tests.Samples;

/// <summary>The web sample's sessions: a long-running instance keeps only its recent ones, and finds the others in the store.</summary>
public sealed class WebSampleSessionsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TempDirectory _images = new();
    private readonly IImageChatClient _client;
    private readonly ChatSessions _sessions;

    public WebSampleSessionsTests()
    {
        _client = new ImageChatBuilder()
            .UseChatClient(new DemoChatClient())
            .UseImageGenerator(new TestImageGenerator())
            .UseImageDirectory(_images.Path)
            .UseTimeProvider(_time)
            .Build();
        _sessions = new ChatSessions(_client, _time);
    }

    public void Dispose()
    {
        _sessions.Dispose();
        _client.Dispose();
        _images.Dispose();
    }

    [Fact]
    public async Task A_session_idle_for_its_lifetime_is_let_go_and_its_conversation_found_again_in_the_store()
    {
        (string id, WeakReference idle) = await StartAndSendAsync("what is the picture?");

        _time.Advance(ChatSessions.IdleLifetime);
        Assert.Null(await _sessions.FindAsync("unknown", CancellationToken.None)); // Any request looks for idle sessions.
        Collect();
        ChatSession found = (await _sessions.FindAsync(id, CancellationToken.None))!;

        Assert.False(idle.IsAlive);
        Assert.Equal(
            ["what is the picture?", "(demo model) There is no picture in this conversation yet. Ask me for one, for example \"create the image of a worm\"."],
            found.Conversation.History.Skip(1).Select(m => m.Text));
        Assert.Same(found, await _sessions.FindAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_session_in_use_or_running_a_turn_is_kept()
    {
        ChatSession used = _sessions.Start();
        ChatSession busy = _sessions.Start();
        Assert.True(busy.TryBeginTurn());

        _time.Advance(ChatSessions.IdleLifetime - TimeSpan.FromMinutes(1));
        Assert.Same(used, await _sessions.FindAsync(used.Conversation.Id, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Same(used, await _sessions.FindAsync(used.Conversation.Id, CancellationToken.None));
        Assert.Same(busy, await _sessions.FindAsync(busy.Conversation.Id, CancellationToken.None));
        busy.EndTurn();
    }

    [Fact]
    public async Task An_idle_conversation_with_no_message_yet_was_never_saved_and_is_gone()
    {
        string id = StartWithoutKeeping();

        _time.Advance(ChatSessions.IdleLifetime);
        Assert.Null(await _sessions.FindAsync("unknown", CancellationToken.None));
        Collect();

        Assert.Null(await _sessions.FindAsync(id, CancellationToken.None));
    }

    /// <summary>Starts a session and sends one message, keeping nothing of it here but its id and a weak reference.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<(string Id, WeakReference Session)> StartAndSendAsync(string message)
    {
        ChatSession session = _sessions.Start();
        await session.Conversation.SendAsync(message);
        return (session.Conversation.Id, new WeakReference(session));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string StartWithoutKeeping() => _sessions.Start().Conversation.Id;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
