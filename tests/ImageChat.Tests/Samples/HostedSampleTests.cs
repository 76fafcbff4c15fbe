using ImageChat.HostedSample;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The hosted sample, run in-process as <c>dotnet run</c> runs it (its own appsettings.json, the generic host, the
/// console exporter), with what it prints captured from the console.
/// </summary>
[Collection(nameof(ProcessConsole))]
public sealed class HostedSampleTests : IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task Offline_it_runs_the_configured_conversation_prints_replies_traces_and_metrics_and_exits_0()
    {
        (int exitCode, string printed) = await RunAsync([]);

        Assert.Equal(0, exitCode);
        Assert.Contains("you> create the image of a worm", printed, StringComparison.Ordinal);
        Assert.Contains("you> what is the picture?", printed, StringComparison.Ordinal);
        Assert.Contains("assistant> (demo model) The picture shows: A picture of a worm.", printed, StringComparison.Ordinal);
        Assert.Contains("Activity.DisplayName:        invoke_agent ImageChat", printed, StringComparison.Ordinal);
        Assert.Contains("Activity.DisplayName:        execute_tool generate_image", printed, StringComparison.Ordinal);
        Assert.Contains("Metric Name: image_chat.images.generated", printed, StringComparison.Ordinal);
        Assert.Contains("service.name: ImageChat.HostedSample", printed, StringComparison.Ordinal);
        string image = Assert.Single(_images.Files("generated_*.png"));
        Assert.Contains($"  image saved: {image}", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_replace_the_configured_messages()
    {
        (int exitCode, string printed) = await RunAsync(["draw an owl", "what is the picture?"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("assistant> (demo model) The picture shows: A picture of an owl.", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("you> create the image of a worm", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_api_key_and_base_url_it_talks_to_that_endpoint_and_never_prints_the_key()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync();
        server.EnqueueSeed(TestImageGenerator.PngBytes);

        (int exitCode, string printed) = await RunAsync(
            SeedLog.UserMessages,
            new()
            {
                ["OPENAI_API_KEY"] = "sk-test-key-for-the-hosted-sample",
                ["OPENAI_BASE_URL"] = server.Endpoint.ToString(),
            });

        Assert.Equal(0, exitCode);
        Assert.Equal(7, server.ChatRequests.Count);
        Assert.Equal("Bearer sk-test-key-for-the-hosted-sample", server.ChatRequests[0].Headers["Authorization"]);
        Assert.Equal(3, _images.Files("generated_*.png").Length);
        Assert.Contains("Conversation ", printed, StringComparison.Ordinal);
        Assert.Contains("7 model call(s), 2784 prompt + 380 completion = 3164 total, 3 image(s).", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-key-for-the-hosted-sample", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_message_is_printed_and_the_run_exits_1()
    {
        (int exitCode, string printed) = await RunAsync(["a message longer than ten characters"], new() { ["ImageChat:MaxMessageLength"] = "10" });

        Assert.Equal(1, exitCode);
        Assert.Contains("error> The message is 36 characters long; the limit is 10 (ImageChatOptions.MaxMessageLength).", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("assistant>", printed, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Printed)> RunAsync(string[] args, Dictionary<string, string?>? settings = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = "ImageChat.HostedSample",
            EnvironmentName = Environments.Production,
            ContentRootPath = Path.Combine(AppContext.BaseDirectory, "HostedSample"),
        });

        // The machine's own OPENAI_API_KEY must not reach a real endpoint from a test.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = string.Empty,
            ["ImageChat:ImageDirectory"] = _images.Path,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddHostedSample(args);

        TextWriter console = Console.Out;
        using StringWriter captured = new();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            using IHost host = builder.Build();
            ConversationRunner conversation = host.Services.GetRequiredService<ConversationRunner>();
            await host.RunAsync();
            return (conversation.ExitCode, captured.ToString());
        }
        finally
        {
            Console.SetOut(console);
        }
    }
}
