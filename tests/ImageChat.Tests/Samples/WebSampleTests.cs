using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageChat.Samples.Demo;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace ImageChat.Tests.Samples;

/// <summary>The web sample's API over real HTTP on loopback: what the page relies on.</summary>
public sealed class WebSampleTests : IAsyncLifetime
{
    private WebSampleServer _server = null!;

    public async Task InitializeAsync() => _server = await WebSampleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_page_is_served_at_the_root()
    {
        HttpResponseMessage page = await _server.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"app.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_streams_status_the_image_and_the_reply_and_the_image_is_served_from_the_store()
    {
        string id = await StartConversationAsync();

        List<(string Event, JsonElement Data)> events = await SendAsync(id, "create the image of a worm");

        // Status, the image's progress, the reply word by word, then the reply as the page keeps it.
        Assert.Equal(["status", "image-started", "image"], events.Take(3).Select(e => e.Event));
        Assert.Equal("A picture of a worm.", events[1].Data.GetProperty("description").GetString());
        string[] deltas = [.. events.Skip(3).SkipLast(1).Select(e => e.Event == "delta" ? e.Data.GetProperty("text").GetString()! : $"<{e.Event}>")];
        Assert.True(deltas.Length > 10, $"{deltas.Length} deltas");
        Assert.Equal("done", events[^1].Event);
        JsonElement image = events[2].Data.GetProperty("image");
        string fileName = image.GetProperty("fileName").GetString()!;
        Assert.Equal($"/api/conversations/{id}/images/{fileName}", image.GetProperty("url").GetString());
        Assert.Equal("A picture of a worm.", image.GetProperty("description").GetString());
        JsonElement reply = events[^1].Data.GetProperty("message");
        Assert.Equal(reply.GetProperty("html").GetString(), string.Concat(deltas));
        Assert.Equal("assistant", reply.GetProperty("role").GetString());
        Assert.StartsWith("(demo model) Here is what the image tool reported", reply.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(fileName, Assert.Single(reply.GetProperty("images").EnumerateArray()).GetProperty("fileName").GetString());

        HttpResponseMessage served = await _server.Http.GetAsync(new Uri(image.GetProperty("url").GetString()!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        using SKBitmap picture = SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(DemoPainter.Size, picture.Width);
    }

    [Fact]
    public async Task A_reload_reads_the_conversation_back_by_id()
    {
        string id = await StartConversationAsync();
        await SendAsync(id, "create the image of a worm");
        await SendAsync(id, "what is the picture?");

        JsonElement conversation = await _server.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/conversations/{id}", UriKind.Relative));

        Assert.Equal(id, conversation.GetProperty("id").GetString());
        JsonElement[] messages = [.. conversation.GetProperty("messages").EnumerateArray()];
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("create the image of a worm", messages[0].GetProperty("html").GetString());
        Assert.Single(messages[1].GetProperty("images").EnumerateArray());
        Assert.Equal("(demo model) The picture shows: A picture of a worm.", messages[3].GetProperty("html").GetString());
        Assert.Empty(messages[3].GetProperty("images").EnumerateArray());
    }

    [Fact]
    public async Task An_image_is_served_only_through_its_own_conversation()
    {
        string first = await StartConversationAsync();
        string second = await StartConversationAsync();
        List<(string Event, JsonElement Data)> events = await SendAsync(first, "create the image of a worm");
        string fileName = events.Single(e => e.Event == "image").Data.GetProperty("image").GetProperty("fileName").GetString()!;

        HttpResponseMessage other = await _server.Http.GetAsync(new Uri($"/api/conversations/{second}/images/{fileName}", UriKind.Relative));
        HttpResponseMessage traversal = await _server.Http.GetAsync(new Uri($"/api/conversations/{first}/images/..%2F..%2Fappsettings.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal($"Conversation '{second}' has no image '{fileName}'.", await ErrorOf(other));
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    [Theory]
    [InlineData("{\"text\": \"   \"}", "Type a message first.")]
    [InlineData("{\"text\": 42}", "The request could not be read: send JSON such as {\"text\": \"create the image of a worm\"}.")]
    [InlineData("not json", "The request could not be read: send JSON such as {\"text\": \"create the image of a worm\"}.")]
    public async Task Bad_input_gets_a_400_with_a_sentence(string body, string error)
    {
        string id = await StartConversationAsync();

        HttpResponseMessage response = await PostMessageAsync(id, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(error, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused_and_the_conversation_is_unchanged()
    {
        string id = await StartConversationAsync();

        HttpResponseMessage response = await PostMessageAsync(id, JsonContent.Create(new { text = new string('a', ImageChatOptions.DefaultMaxMessageLength + 1) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The message is 32001 characters long; the limit is 32000 (ImageChat:MaxMessageLength). Shorten it and send again.", await ErrorOf(response));
        JsonElement conversation = await _server.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/conversations/{id}", UriKind.Relative));
        Assert.Empty(conversation.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task A_failed_turn_ends_in_an_error_event_with_its_reason_and_leaves_the_conversation_as_it_was()
    {
        // A file where the image folder should be: the painted image cannot be saved, which fails the turn.
        using TempDirectory folder = new();
        string blocker = Path.Combine(folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using WebSampleServer server = await WebSampleServer.StartAsync(new() { ["ImageChat:ImageDirectory"] = Path.Combine(blocker, "images") });
        HttpResponseMessage created = await server.Http.PostAsync(new Uri("/api/conversations", UriKind.Relative), null);
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        HttpResponseMessage response = await server.Http.PostAsync(new Uri($"/api/conversations/{id}/messages", UriKind.Relative), JsonContent.Create(new { text = "create the image of a worm" }));
        List<(string Event, JsonElement Data)> events = ParseEvents(await response.Content.ReadAsStringAsync());

        Assert.Equal(["status", "image-started", "error"], events.Select(e => e.Event));
        Assert.Equal("The generated image could not be saved.", events[2].Data.GetProperty("message").GetString());
        JsonElement conversation = await server.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/conversations/{id}", UriKind.Relative));
        Assert.Empty(conversation.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task Conversations_are_kept_in_memory_for_a_day_after_their_last_use_unless_a_store_is_configured()
    {
        using TempDirectory folder = new();
        await using WebSampleServer inFolder = await WebSampleServer.StartAsync(new() { ["ImageChat:ConversationStore:Directory"] = folder.Path });
        await using WebSampleServer inRedis = await WebSampleServer.StartAsync(new() { ["ImageChat:ConversationStore:Redis"] = TestRedis.Configuration });

        InMemoryConversationStore inMemory = Assert.IsType<InMemoryConversationStore>(_server.Services.GetRequiredService<IConversationStore>());
        Assert.Equal(TimeSpan.FromDays(1), inMemory.SlidingExpiration);
        Assert.Equal(folder.Path, Assert.IsType<FileSystemConversationStore>(inFolder.Services.GetRequiredService<IConversationStore>()).Directory);
        Assert.IsType<RedisConversationStore>(inRedis.Services.GetRequiredService<IConversationStore>());
    }

    [Fact]
    public async Task With_redis_configured_another_instance_continues_a_conversation_and_so_does_a_restarted_one()
    {
        Dictionary<string, string?> redis = new() { ["ImageChat:ConversationStore:Redis"] = TestRedis.Configuration };
        string id;
        await using (WebSampleServer first = await WebSampleServer.StartAsync(redis))
        {
            id = await StartConversationAsync(first);
            await SendAsync(id, "create the image of a worm", first);
        }

        try
        {
            await using WebSampleServer second = await WebSampleServer.StartAsync(redis); // Another instance, or the same one restarted.
            JsonElement reloaded = await second.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/conversations/{id}", UriKind.Relative));
            List<(string Event, JsonElement Data)> events = await SendAsync(id, "what is the picture?", second);

            Assert.Equal(["user", "assistant"], reloaded.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("(demo model) The picture shows: A picture of a worm.", string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString())));
            await using RedisConversationStore store = new(new RedisConversationStoreOptions { Configuration = TestRedis.Configuration });
            Assert.Equal(2, (await store.LoadAsync(id))!.Version);
        }
        finally
        {
            await (await TestRedis.ConnectionAsync()).GetDatabase().KeyDeleteAsync(RedisConversationStoreOptions.DefaultKeyPrefix + id);
        }
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404_that_says_to_start_a_new_one()
    {
        HttpResponseMessage response = await _server.Http.GetAsync(new Uri("/api/conversations/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("There is no conversation 'nope' (it may have ended when the server restarted). Start a new conversation.", await ErrorOf(response));
    }

    private async Task<string> StartConversationAsync(WebSampleServer? server = null)
    {
        HttpResponseMessage created = await (server ?? _server).Http.PostAsync(new Uri("/api/conversations", UriKind.Relative), null);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private Task<HttpResponseMessage> PostMessageAsync(string id, HttpContent content, WebSampleServer? server = null) =>
        (server ?? _server).Http.PostAsync(new Uri($"/api/conversations/{id}/messages", UriKind.Relative), content);

    private async Task<List<(string Event, JsonElement Data)>> SendAsync(string id, string text, WebSampleServer? server = null)
    {
        HttpResponseMessage response = await PostMessageAsync(id, JsonContent.Create(new { text }), server);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return ParseEvents(await response.Content.ReadAsStringAsync());
    }

    private static List<(string Event, JsonElement Data)> ParseEvents(string stream) =>
        [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(block =>
        {
            string[] lines = block.Split('\n');
            string name = lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            string data = lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            return (name, JsonDocument.Parse(data).RootElement);
        })];

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
}
