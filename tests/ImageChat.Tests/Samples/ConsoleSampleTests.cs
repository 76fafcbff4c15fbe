using System.Collections;
using System.Text.Json;
using ImageChat.ConsoleSample;
using ImageChat.Samples.Demo;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.Configuration;
using SkiaSharp;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The console sample, run in-process as <c>dotnet run</c> runs it: offline on the demo models, and pointed by
/// <c>OPENAI_API_KEY</c>/<c>OPENAI_BASE_URL</c> at a loopback server that replays the seed.
/// </summary>
public sealed class ConsoleSampleTests : IDisposable
{
    private readonly TempDirectory _workingDirectory = new();

    public void Dispose() => _workingDirectory.Dispose();

    private string ImageDirectory => Path.Combine(_workingDirectory.Path, "generated-images");

    private string CallLogDirectory => Path.Combine(_workingDirectory.Path, "call-logs");

    private IConfiguration Configure(Hashtable environment)
    {
        environment["ImageChat__ImageDirectory"] = ImageDirectory;
        environment["Sample__CallLogDirectory"] = CallLogDirectory;
        return SampleConfiguration.Build(_workingDirectory.Path, environment);
    }

    private static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IConfiguration configuration,
        TextReader input,
        TextWriter output,
        CancellationToken cancellationToken = default)
    {
        using ConsoleSampleApp app = new(configuration, input, output);
        return await app.RunAsync(args, cancellationToken);
    }

    [Fact]
    public async Task Offline_the_seed_messages_make_three_real_pictures_and_answer_from_the_history()
    {
        using StringWriter output = new();

        int exitCode = await RunAsync(SeedLog.UserMessages, Configure([]), TextReader.Null, output);

        Assert.Equal(0, exitCode);
        string printed = output.ToString();
        Assert.Contains("running offline on the demo chat model", printed, StringComparison.Ordinal);
        Assert.Contains("assistant> (demo model) The picture shows: A picture of a worm.", printed, StringComparison.Ordinal);
        Assert.Contains(": 7 model calls, 0 prompt + 0 completion = 0 total, 3 images.", printed, StringComparison.Ordinal);

        string[] files = Directory.GetFiles(ImageDirectory, "generated_*.png");
        Assert.Equal(3, files.Length);
        Assert.All(files, file => Assert.Contains($"  image saved: {file}", printed, StringComparison.Ordinal));
        foreach (string file in files)
        {
            using SKBitmap picture = SKBitmap.Decode(file);
            Assert.Equal((DemoPainter.Size, DemoPainter.Size), (picture.Width, picture.Height));
        }
    }

    [Fact]
    public async Task With_an_api_key_and_base_url_it_sends_the_seed_requests()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync();
        server.EnqueueSeed(TestImageGenerator.PngBytes);

        Hashtable environment = new()
        {
            ["OPENAI_API_KEY"] = "sk-test-key-for-the-sample",
            ["OPENAI_BASE_URL"] = server.Endpoint.ToString(),
        };
        using StringWriter output = new();

        int exitCode = await RunAsync(SeedLog.UserMessages, Configure(environment), TextReader.Null, output);

        Assert.Equal(0, exitCode);
        Assert.Equal(7, server.ChatRequests.Count);
        for (int i = 0; i < 7; i++)
        {
            JsonElement sent = server.ChatRequests[i].Json;
            Assert.Equal(WireMessages.Canonical(SeedLog.Calls[i].Messages), WireMessages.Canonical(sent.GetProperty("messages")));
        }

        Assert.Equal(3, Directory.GetFiles(ImageDirectory, "generated_*.png").Length);
        string callLog = Assert.Single(Directory.GetFiles(CallLogDirectory));
        Assert.Contains($"Call log: {callLog}", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(7, File.ReadAllText(callLog).Split("\n---\n").Length - 1);
        Assert.EndsWith(
            $"Conversation {Path.GetFileNameWithoutExtension(callLog)}: 7 model calls, 2784 prompt + 380 completion = 3164 total, 3 images, image tokens 153 prompt + 12480 completion = 12633 total.{Environment.NewLine}",
            output.ToString(),
            StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-key-for-the-sample", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_the_reply_streams_in_pieces_and_the_image_has_a_status_line()
    {
        using ObservedWriter output = new();

        int exitCode = await RunAsync(["create the image of a worm"], Configure([]), TextReader.Null, output);

        Assert.Equal(0, exitCode);
        string printed = output.ToString();
        string file = Assert.Single(Directory.GetFiles(ImageDirectory, "generated_*.png"));
        int status = printed.IndexOf("  generating image: A picture of a worm.\n", StringComparison.Ordinal);
        int saved = printed.IndexOf($"  image saved: {file}\n", StringComparison.Ordinal);
        int reply = printed.IndexOf($"assistant> (demo model) Here is what the image tool reported: Image generated successfully and saved to {Path.GetFileName(file)}.", StringComparison.Ordinal);
        Assert.True(status >= 0 && status < saved && saved < reply, printed);
        int start = output.Writes.IndexOf("assistant> ");
        Assert.Equal(["(demo ", "model) ", "Here ", "is "], output.Writes.Skip(start + 1).Take(4));
    }

    [Fact]
    public async Task With_an_api_key_the_reply_is_shown_while_the_model_still_streams_it()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync();
        using ObservedWriter output = new();
        server.EnqueueCompletion(SeedLog.Calls[0].ResponseJson);
        server.EnqueueChat(FakeOpenAIServer.Completion(SeedLog.Calls[1].ResponseJson, async (chunk, _) =>
        {
            if (chunk == 2)
            {
                // Chunk 0 holds the role and chunk 1 the first words; the rest is held back until the console shows them.
                await output.WhenWrittenAsync("assistant> Here is the ").WaitAsync(TimeSpan.FromSeconds(30));
            }
        }));
        server.EnqueueImageJson(FakeOpenAIServer.ImageJson(TestImageGenerator.PngBytes));
        Hashtable environment = new()
        {
            ["OPENAI_API_KEY"] = "sk-test-key-for-the-sample",
            ["OPENAI_BASE_URL"] = server.Endpoint.ToString(),
        };

        int exitCode = await RunAsync([SeedLog.UserMessages[0]], Configure(environment), TextReader.Null, output);

        Assert.Equal(0, exitCode);
        Assert.Contains("assistant> Here is the image of a worm in a natural setting.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  usage: 325 prompt + 92 completion = 417 total, 2 model calls", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactive_it_chats_until_exit()
    {
        using StringReader input = new("create the image of a worm\nwhat is the picture?\nexit\nnever sent\n");
        using StringWriter output = new();

        int exitCode = await RunAsync([], Configure([]), input, output);

        Assert.Equal(0, exitCode);
        string printed = output.ToString();
        Assert.Contains("you> what is the picture?", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("never sent", printed, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(ImageDirectory, "generated_*.png"));
    }

    [Fact]
    public async Task A_rejected_message_is_reported_and_ends_a_scripted_run_with_exit_code_1()
    {
        Hashtable environment = new() { ["ImageChat__MaxMessageLength"] = "10" };
        using StringWriter output = new();

        int exitCode = await RunAsync(["a message longer than ten characters", "not sent"], Configure(environment), TextReader.Null, output);

        Assert.Equal(1, exitCode);
        Assert.Contains("error> ", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("you> not sent", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_run_exits_with_130()
    {
        using CancellationTokenSource cancellation = new();
        await cancellation.CancelAsync();
        using StringWriter output = new();

        int exitCode = await RunAsync(["create the image of a worm"], Configure([]), TextReader.Null, output, cancellation.Token);

        Assert.Equal(130, exitCode);
        Assert.Contains("Cancelled.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_with_the_same_conversation_id_continue_one_conversation_through_redis()
    {
        await TestRedis.ConnectionAsync();
        string id = $"console-{Guid.NewGuid():N}";
        Hashtable environment = new() { ["ImageChat__ConversationStore__Redis"] = TestRedis.Configuration };
        using StringWriter first = new();
        using StringWriter second = new();
        try
        {
            Assert.Equal(0, await RunAsync(["--conversation", id, "create the image of a worm"], Configure(environment), TextReader.Null, first));
            Assert.Equal(0, await RunAsync(["--conversation", id, "what is the picture?"], Configure(environment), TextReader.Null, second));
        }
        finally
        {
            await (await TestRedis.ConnectionAsync()).GetDatabase().KeyDeleteAsync(RedisConversationStoreOptions.DefaultKeyPrefix + id);
        }

        Assert.Contains($"Conversation {id}: 0 earlier messages, 0 images.", first.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Conversation {id}: 1 earlier message, 1 image.", second.ToString(), StringComparison.Ordinal);
        Assert.Contains("assistant> (demo model) The picture shows: A picture of a worm.", second.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Conversation {id}: 3 model calls, 0 prompt + 0 completion = 0 total, 1 image.", second.ToString(), StringComparison.Ordinal);
    }
}
