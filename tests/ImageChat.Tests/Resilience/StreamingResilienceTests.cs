using System.Text;
using System.Text.Json;
using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ImageChat.Tests.Resilience;

/// <summary>Streaming through the chat pipeline over real HTTP: retried until the first update, never after it.</summary>
public sealed class StreamingResilienceTests : IAsyncLifetime
{
    private readonly TimerObservingTimeProvider _time = new();
    private FakeOpenAIServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        ServiceCollection services = new();
        services.AddImageChat()
            .UseOpenAI(o =>
            {
                o.ApiKey = ResilienceHarness.ApiKey;
                o.Endpoint = _server.Endpoint;
            })
            .UseTimeProvider(_time)
            .ConfigureResilience(o => o.Chat.BaseDelay = TimeSpan.Zero);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private IChatClient Pipeline => _services.GetRequiredKeyedService<IChatClient>(ImageChatServiceKeys.Pipeline);

    /// <summary>An OpenAI event stream: one chunk per piece, then, unless <paramref name="breakAfterFirst"/>, the end marker.</summary>
    private static Func<HttpContext, Task> EventStream(bool breakAfterFirst, params string[] pieces) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (string piece in pieces)
        {
            string chunk = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-stream",
                @object = "chat.completion.chunk",
                created = 1754292100,
                model = "gpt-4o-mini",
                choices = new[] { new { index = 0, delta = new { role = "assistant", content = piece }, finish_reason = (string?)null } },
            });
            await context.Response.WriteAsync($"data: {chunk}\n\n");
            await context.Response.Body.FlushAsync();
            if (breakAfterFirst)
            {
                await context.Response.WriteAsync("data: { this is not json\n\n");
                return;
            }
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
    };

    [Fact]
    public async Task A_failure_before_the_first_update_is_retried()
    {
        _server.EnqueueChat(ResilienceHarness.Error(503, null)).EnqueueChat(EventStream(false, "Hel", "lo"));
        StringBuilder text = new();

        await foreach (ChatResponseUpdate update in Pipeline.GetStreamingResponseAsync([new(ChatRole.User, "hi")]))
        {
            text.Append(update.Text);
        }

        Assert.Equal("Hello", text.ToString());
        Assert.Equal(2, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task A_failure_after_the_first_update_ends_the_stream_without_a_retry()
    {
        _server.EnqueueChat(EventStream(true, "Hel", "lo")).EnqueueChat(EventStream(false, "Hello"));
        List<string> received = [];

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (ChatResponseUpdate update in Pipeline.GetStreamingResponseAsync([new(ChatRole.User, "hi")]))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(ModelOperation.Chat, failure.Operation);
        Assert.Equal(["Hel"], received);
        Assert.Single(_server.ChatRequests);
    }
}
