using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageChat.Benchmarks;

/// <summary>
/// "Draw three owls" over real HTTP: an OpenAI-compatible server on loopback answers the chat model with three
/// <c>generate_image</c> calls and takes <see cref="ImageLatencyMs"/> per image. The wall time of the turn with the calls
/// run one by one (<c>MaxConcurrentToolCalls = 1</c>) against the default (4): concurrent, it should be close to one
/// image's latency (the target: at most 1.3 × one image), serial, three.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ParallelImagesBenchmarks
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private WebApplication _server = null!;
    private IImageChatClient _client = null!;
    private string _directory = null!;

    [Params(1, 4)]
    public int MaxConcurrentToolCalls { get; set; }

    [Params(1500)]
    public int ImageLatencyMs { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", AnswerChatAsync);
        _server.MapPost("/v1/images/generations", async context =>
        {
            await Task.Delay(ImageLatencyMs, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new { created = 1754292100, data = new[] { new { b64_json = Convert.ToBase64String(Png) } } });
        });
        await _server.StartAsync();
        string address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _directory = Path.Combine(Path.GetTempPath(), "imagechat-benchmarks", Guid.NewGuid().ToString("N"));
        _client = new ImageChatBuilder(o => o.MaxConcurrentToolCalls = MaxConcurrentToolCalls)
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-benchmark";
                o.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
            })
            .UseImageDirectory(_directory)
            .Build();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark]
    public Task<ChatTurnResult> ThreeOwls() => _client.StartConversation().SendAsync("draw three owls");

    /// <summary>Asks for three owls at the user's message, answers once the tool results are back.</summary>
    private static async Task AnswerChatAsync(HttpContext context)
    {
        using JsonDocument request = await JsonDocument.ParseAsync(context.Request.Body);
        bool afterTools = request.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString() == "tool";
        object message = afterTools
            ? new { role = "assistant", content = "Here are three owls." }
            : new
            {
                role = "assistant",
                content = (string?)null,
                tool_calls = Enumerable.Range(1, 3).Select(i => new
                {
                    id = $"call_{i}",
                    type = "function",
                    function = new { name = "generate_image", arguments = JsonSerializer.Serialize(new { description = $"Owl number {i}" }) },
                }).ToArray(),
            };
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-benchmark",
            @object = "chat.completion",
            created = 1754292095,
            model = "gpt-4o-mini",
            choices = new[] { new { index = 0, finish_reason = afterTools ? "stop" : "tool_calls", message } },
            usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
        });
    }
}
