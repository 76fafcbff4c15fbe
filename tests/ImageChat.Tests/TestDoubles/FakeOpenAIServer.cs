using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// A real HTTP server on loopback (Kestrel, random port) that speaks OpenAI's wire format:
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/images/generations</c>. Each endpoint answers from a queue of
/// scripted responders; every request is recorded with its body. Chat requests are validated as OpenAI does:
/// an assistant tool call without its tool result is answered with 400. A scripted completion (<see cref="Completion"/>)
/// is answered as JSON, or as server-sent events when the request asks to stream, chunked as OpenAI chunks it.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _chat = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _images = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _files = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeOpenAIServer(WebApplication app) => _app = app;

    /// <summary>Gets the base address to give the OpenAI SDK, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> ChatRequests => [.. _requests.Where(r => r.Path == "/v1/chat/completions")];

    public IReadOnlyList<RecordedRequest> ImageRequests => [.. _requests.Where(r => r.Path == "/v1/images/generations")];

    /// <summary>Gets the image edit requests (<c>/v1/images/edits</c>, multipart forms); they are answered from the image queue.</summary>
    public IReadOnlyList<RecordedRequest> EditRequests => [.. _requests.Where(r => r.Path == "/v1/images/edits")];

    /// <summary>Gets or sets whether requests are kept for <see cref="Requests"/>; a long benchmark run turns it off.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>
    /// Gets or sets the responder chosen for a chat request when none is queued: a stateless script that any number of
    /// concurrent clients can share (the benchmarks' server).
    /// </summary>
    public Func<RecordedRequest, Func<HttpContext, Task>>? ChatFallback { get; set; }

    /// <summary>Gets or sets the responder chosen for an image request when none is queued.</summary>
    public Func<RecordedRequest, Func<HttpContext, Task>>? ImageFallback { get; set; }

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        FakeOpenAIServer server = new(app);
        app.MapPost("/v1/chat/completions", server.HandleChatAsync);
        app.MapPost("/v1/images/generations", server.HandleImageAsync);
        app.MapPost("/v1/images/edits", server.HandleImageAsync);
        app.MapGet("/files/{name}", server.HandleFileAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Serves bytes at <c>/files/{name}</c> with a content type, as a storage host serves dall-e-3 results.</summary>
    public Uri ServeFile(string name, byte[] content, string contentType = "image/png")
    {
        _files[name] = (content, contentType);
        return new Uri(Endpoint, $"/files/{name}");
    }

    /// <summary>Queues a responder for the next chat request.</summary>
    public FakeOpenAIServer EnqueueChat(Func<HttpContext, Task> responder)
    {
        _chat.Enqueue(responder);
        return this;
    }

    /// <summary>Queues a responder for the next image request.</summary>
    public FakeOpenAIServer EnqueueImage(Func<HttpContext, Task> responder)
    {
        _images.Enqueue(responder);
        return this;
    }

    /// <summary>Queues a 200 JSON body for the next chat request.</summary>
    public FakeOpenAIServer EnqueueChatJson(string json) => EnqueueChat(Json(200, json));

    /// <summary>Queues a chat completion for the next chat request, answered as the request asks: JSON, or streamed.</summary>
    public FakeOpenAIServer EnqueueCompletion(string completionJson) => EnqueueChat(Completion(completionJson));

    /// <summary>
    /// A responder for a chat completion (a non-streaming <c>chat.completion</c> body): a request with <c>"stream": true</c>
    /// gets it as server-sent <c>chat.completion.chunk</c> events, each flushed on its own, the usage in a last chunk
    /// when <c>stream_options.include_usage</c> asks for it; any other request gets the body as is.
    /// </summary>
    /// <param name="completionJson">The completion.</param>
    /// <param name="beforeChunk">Runs before each chunk is written, with the chunk's number from 0, to hold or break the stream.</param>
    public static Func<HttpContext, Task> Completion(string completionJson, Func<int, HttpContext, Task>? beforeChunk = null) => async context =>
    {
        JsonElement request = ((RecordedRequest)context.Items[typeof(RecordedRequest)]!).Json;
        if (!request.TryGetProperty("stream", out JsonElement stream) || !stream.GetBoolean())
        {
            await Json(200, completionJson)(context);
            return;
        }

        bool includeUsage = request.TryGetProperty("stream_options", out JsonElement streamOptions)
            && streamOptions.TryGetProperty("include_usage", out JsonElement include) && include.GetBoolean();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        int number = 0;
        foreach (string chunk in Chunks(completionJson, includeUsage).Append("[DONE]"))
        {
            if (beforeChunk is not null)
            {
                await beforeChunk(number, context);
            }

            number++;
            await context.Response.WriteAsync($"data: {chunk}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    /// <summary>
    /// Splits a chat completion into the chunks OpenAI streams for it: the role first, then the text, the refusal, or each
    /// tool call's name and its arguments in pieces of a few characters, then the finish reason, then (if asked) the usage alone.
    /// </summary>
    public static IEnumerable<string> Chunks(string completionJson, bool includeUsage)
    {
        JsonObject completion = JsonNode.Parse(completionJson)!.AsObject();
        JsonObject choice = completion["choices"]![0]!.AsObject();
        JsonObject message = choice["message"]!.AsObject();
        JsonArray? toolCalls = message["tool_calls"] as JsonArray;
        string? content = (string?)message["content"];

        JsonObject Chunk(JsonObject? delta, string? finishReason, JsonNode? usage = null)
        {
            JsonObject chunk = new()
            {
                ["id"] = completion["id"]?.DeepClone(),
                ["object"] = "chat.completion.chunk",
                ["created"] = completion["created"]?.DeepClone(),
                ["model"] = completion["model"]?.DeepClone(),
                ["service_tier"] = completion["service_tier"]?.DeepClone(),
                ["system_fingerprint"] = completion["system_fingerprint"]?.DeepClone(),
                ["choices"] = delta is null
                    ? new JsonArray()
                    : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
            };
            if (includeUsage)
            {
                chunk["usage"] = usage;
            }

            return chunk;
        }

        static IEnumerable<string> Pieces(string text, int size)
        {
            for (int i = 0; i < text.Length; i += size)
            {
                yield return text.Substring(i, Math.Min(size, text.Length - i));
            }
        }

        if (toolCalls is null)
        {
            // A refusal streams in its own field, as the text does in content.
            (string field, string text) = message["refusal"] is JsonValue refusal ? ("refusal", (string)refusal!) : ("content", content ?? string.Empty);
            yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["refusal"] = null }, null).ToJsonString();
            foreach (string piece in Pieces(text, 12))
            {
                yield return Chunk(new JsonObject { [field] = piece }, null).ToJsonString();
            }
        }
        else
        {
            for (int index = 0; index < toolCalls.Count; index++)
            {
                JsonObject call = toolCalls[index]!.AsObject();
                JsonObject start = new()
                {
                    ["index"] = index,
                    ["id"] = call["id"]!.DeepClone(),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call["function"]!["name"]!.DeepClone(), ["arguments"] = string.Empty },
                };
                JsonObject delta = index == 0
                    ? new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(start), ["refusal"] = null }
                    : new JsonObject { ["tool_calls"] = new JsonArray(start) };

                yield return Chunk(delta, null).ToJsonString();
                foreach (string piece in Pieces((string)call["function"]!["arguments"]!, 16))
                {
                    JsonObject argumentsDelta = new() { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = piece } };
                    yield return Chunk(new JsonObject { ["tool_calls"] = new JsonArray(argumentsDelta) }, null).ToJsonString();
                }
            }
        }

        yield return Chunk(new JsonObject(), (string?)choice["finish_reason"]).ToJsonString();
        if (includeUsage)
        {
            yield return Chunk(null, null, completion["usage"]?.DeepClone()).ToJsonString();
        }
    }

    /// <summary>
    /// A responder for a streamed image request (<c>"stream": true</c>, or the form field <c>stream=true</c> of an edit), as
    /// gpt-image-1 streams one: an <c>image_generation.partial_image</c> event per partial (<c>image_edit.*</c> for an
    /// edit), then <c>image_generation.completed</c> with the image and its usage, each flushed on its own.
    /// </summary>
    /// <param name="partials">The partial images, in order.</param>
    /// <param name="image">The finished image.</param>
    /// <param name="beforeEvent">Runs before each event is written, with the event's number from 0, to hold or break the stream.</param>
    public static Func<HttpContext, Task> ImageStream(byte[][] partials, byte[] image, Func<int, HttpContext, Task>? beforeEvent = null) => async context =>
    {
        string kind = context.Request.Path.Value!.EndsWith("/edits", StringComparison.Ordinal) ? "image_edit" : "image_generation";
        JsonObject Event(string type, byte[] bytes, string name, JsonNode value) => new()
        {
            ["type"] = $"{kind}.{type}",
            ["b64_json"] = Convert.ToBase64String(bytes),
            ["created_at"] = 1754292100,
            ["size"] = "1024x1024",
            ["quality"] = "medium",
            ["background"] = "opaque",
            ["output_format"] = "png",
            [name] = value,
        };
        List<JsonObject> events = [.. partials.Select((partial, index) => Event("partial_image", partial, "partial_image_index", index))];
        events.Add(Event("completed", image, "usage", JsonNode.Parse("""{ "total_tokens": 4210, "input_tokens": 50, "output_tokens": 4160, "input_tokens_details": { "text_tokens": 50, "image_tokens": 0 } }""")!));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        for (int number = 0; number < events.Count; number++)
        {
            if (beforeEvent is not null)
            {
                await beforeEvent(number, context);
            }

            await context.Response.WriteAsync($"event: {events[number]["type"]}\ndata: {events[number].ToJsonString()}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    /// <summary>Queues a 200 JSON body for the next image request.</summary>
    public FakeOpenAIServer EnqueueImageJson(string json) => EnqueueImage(Json(200, json));

    /// <summary>A responder that writes a JSON body with a status and optional headers.</summary>
    public static Func<HttpContext, Task> Json(int status, string json, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach ((string name, string value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(json);
    };

    /// <summary>A responder that drops the connection without answering, as a crashed proxy does.</summary>
    public static Func<HttpContext, Task> Reset() => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    /// <summary>A responder that never answers: it signals <paramref name="arrived"/> and waits until the client gives up.</summary>
    public Func<HttpContext, Task> Hang(TaskCompletionSource arrived) => async context =>
    {
        arrived.TrySetResult();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout) or the server is stopping.
        }
    };

    /// <summary>An OpenAI error body.</summary>
    public static string ErrorJson(string message, string type, string? code) =>
        JsonSerializer.Serialize(new { error = new { message, type, param = (string?)null, code } });

    /// <summary>A gpt-image-1 style response: one base64 PNG and usage.</summary>
    public static string ImageJson(byte[] png, int inputTokens = 50, int outputTokens = 4160) =>
        JsonSerializer.Serialize(new
        {
            created = 1754292100,
            data = new[] { new { b64_json = Convert.ToBase64String(png) } },
            usage = new
            {
                total_tokens = inputTokens + outputTokens,
                input_tokens = inputTokens,
                output_tokens = outputTokens,
                input_tokens_details = new { text_tokens = inputTokens, image_tokens = 0 },
            },
        });

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleChatAsync(HttpContext context)
    {
        RecordedRequest request = await RecordAsync(context);
        if (UnansweredToolCall(request.Body) is { } callId)
        {
            await Json(400, ErrorJson(
                $"An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {callId}",
                "invalid_request_error",
                null))(context);
            return;
        }

        await NextAsync(_chat, ChatFallback, request, context, "chat");
    }

    private async Task HandleImageAsync(HttpContext context)
    {
        RecordedRequest request = await RecordAsync(context);
        await NextAsync(_images, ImageFallback, request, context, "image");
    }

    private async Task HandleFileAsync(HttpContext context, string name)
    {
        await RecordAsync(context);
        if (_files.TryGetValue(name, out (byte[] Content, string ContentType) file))
        {
            context.Response.ContentType = file.ContentType;
            await context.Response.Body.WriteAsync(file.Content);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using MemoryStream raw = new();
        await context.Request.Body.CopyToAsync(raw);
        RecordedRequest request = new(
            context.Request.Path.Value ?? string.Empty,
            System.Text.Encoding.UTF8.GetString(raw.GetBuffer(), 0, (int)raw.Length),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase))
        {
            RawBody = raw.ToArray(),
        };
        if (RecordRequests)
        {
            _requests.Enqueue(request);
        }

        context.Items[typeof(RecordedRequest)] = request;
        return request;
    }

    private static Task NextAsync(
        ConcurrentQueue<Func<HttpContext, Task>> queue,
        Func<RecordedRequest, Func<HttpContext, Task>>? fallback,
        RecordedRequest request,
        HttpContext context,
        string kind) =>
        queue.TryDequeue(out Func<HttpContext, Task>? responder) ? responder(context)
        : fallback is not null ? fallback(request)(context)
        : Json(500, ErrorJson($"The fake server has no {kind} response scripted.", "server_error", null))(context);

    private static string? UnansweredToolCall(string body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        HashSet<string> pending = [];
        foreach (JsonElement message in document.RootElement.GetProperty("messages").EnumerateArray())
        {
            string role = message.GetProperty("role").GetString()!;
            if (pending.Count > 0 && role != "tool")
            {
                return pending.First();
            }

            if (role == "assistant" && message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement call in calls.EnumerateArray())
                {
                    pending.Add(call.GetProperty("id").GetString()!);
                }
            }
            else if (role == "tool")
            {
                pending.Remove(message.GetProperty("tool_call_id").GetString()!);
            }
        }

        return pending.FirstOrDefault();
    }

    /// <summary>One request the server received.</summary>
    internal sealed record RecordedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        /// <summary>Gets the body's bytes as received (a multipart form's image part is not text).</summary>
        public byte[] RawBody { get; init; } = [];

        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
