using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace ImageChat.Benchmarks;

/// <summary>
/// The benchmarks' OpenAI-compatible server, run in a process of its own (<c>serve</c>) so that its work and allocations
/// never count against the client being measured. It answers statelessly, so any number of concurrent conversations
/// can share it: a chat request is answered by the seed call whose last user message and last role match it (the
/// seed's seven responses for its four user messages), or, for "paint N pictures", by N parallel tool calls. A request
/// with <c>"stream": true</c> gets the same answer as server-sent chunks.
/// </summary>
internal static partial class ScriptedServer
{
    /// <summary>Runs the server until standard input closes; prints its endpoint as the first line.</summary>
    public static async Task<int> RunAsync(ServerOptions options)
    {
        byte[] imageJson = Encoding.UTF8.GetBytes(FakeOpenAIServer.ImageJson(Pngs.Create(options.ImageSize)));
        Dictionary<string, string> seed = SeedLog.Calls.ToDictionary(call => Key(JsonDocument.Parse(call.MessagesJson).RootElement), call => call.ResponseJson);

        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync();
        server.RecordRequests = false;
        server.ChatFallback = request =>
        {
            JsonElement messages = request.Json.GetProperty("messages");
            string? answer = seed.GetValueOrDefault(Key(messages));
            if (answer is null && ParallelPictures().Match(LastUserText(messages)) is { Success: true } paint)
            {
                answer = PicturesAnswer(int.Parse(paint.Groups[1].Value, CultureInfo.InvariantCulture), LastRole(messages) == "tool");
            }

            return answer is null
                ? FakeOpenAIServer.Json(400, FakeOpenAIServer.ErrorJson("The benchmark server has no answer scripted for this conversation.", "invalid_request_error", null))
                : request.Json.TryGetProperty("stream", out JsonElement stream) && stream.GetBoolean()
                    ? FakeOpenAIServer.Completion(answer)
                    : Write(Encoding.UTF8.GetBytes(answer));
        };
        server.ImageFallback = _ => async context =>
        {
            if (options.ImageLatency > TimeSpan.Zero)
            {
                await Task.Delay(options.ImageLatency, context.RequestAborted);
            }

            await Write(imageJson)(context);
        };

        await Console.Out.WriteLineAsync(server.Endpoint.ToString());
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync(); // The benchmark that started us closes our input when it is done.
        return 0;
    }

    private static Func<HttpContext, Task> Write(byte[] json) => async context =>
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    };

    private static string Key(JsonElement messages) => $"{LastRole(messages)}|{LastUserText(messages)}";

    private static string LastRole(JsonElement messages) => messages[messages.GetArrayLength() - 1].GetProperty("role").GetString()!;

    private static string LastUserText(JsonElement messages)
    {
        JsonElement user = messages.EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
        JsonElement content = user.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }

    /// <summary>N tool calls in one response (parallel tool calls), or the answer once their results are in.</summary>
    private static string PicturesAnswer(int count, bool afterTools)
    {
        object message = afterTools
            ? new { role = "assistant", content = $"Here are your {count} pictures." }
            : new
            {
                role = "assistant",
                content = (string?)null,
                tool_calls = Enumerable.Range(1, count).Select(i => new
                {
                    id = $"call_picture_{i}",
                    type = "function",
                    function = new { name = "generate_image", arguments = JsonSerializer.Serialize(new { description = $"Picture {i} of {count}: a lighthouse at dusk." }) },
                }).ToArray(),
            };
        return JsonSerializer.Serialize(new
        {
            id = "chatcmpl-benchmark",
            @object = "chat.completion",
            created = 1754292095,
            model = "gpt-4o-mini-2024-07-18",
            choices = new[] { new { index = 0, finish_reason = afterTools ? "stop" : "tool_calls", message } },
            usage = new { prompt_tokens = 100, completion_tokens = 20 * count, total_tokens = 100 + (20 * count) },
        });
    }

    [GeneratedRegex(@"^paint (\d+) pictures?$")]
    private static partial Regex ParallelPictures();
}
