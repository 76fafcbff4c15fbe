using System.Collections;
using System.Text.RegularExpressions;
using ImageChat.ConsoleSample;
using ImageChat.Samples.Demo;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The console sample's interactive chat, driven through its entry with scripted input, offline: each command's exact
/// output, what is echoed, and Ctrl+C (the app's <see cref="ConsoleSampleApp.Interrupt"/> hook) during a turn and at the prompt.
/// </summary>
public sealed class ConsoleSampleChatTests : IDisposable
{
    private const string Banner = "No OPENAI_API_KEY set: running offline on the demo chat model and demo image generator (not real AI).";
    private const string Welcome = "Type a message and press Enter; /help lists the commands, /exit or Ctrl+C quits.";
    private const string RolledBack = "Cancelled: the turn was rolled back, the conversation is as it was before it.";

    private readonly TempDirectory _workingDirectory = new();

    public void Dispose() => _workingDirectory.Dispose();

    private string ImageDirectory => Path.Combine(_workingDirectory.Path, "generated-images");

    private string CallLogDirectory => Path.Combine(_workingDirectory.Path, "call-logs");

    private string ConversationDirectory => Path.Combine(_workingDirectory.Path, "conversations");

    [Fact]
    public async Task Every_command_prints_exactly_what_it_should()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "a worm"),
            _ => TestChatClient.Reply("Here is your worm."),
            _ => TestChatClient.EditCall("call_2", "an elephant"),
            _ => TestChatClient.Reply("Now an elephant.", input: 30, output: 8));
        using StringReader input = new(string.Join('\n',
            "/help", "/xyz", "/images", "/usage", "/save", "/load", "/load missing",
            "create the image of a worm", "make it now an elephant",
            "/images", "/usage", "/save", "/exit", "never sent"));
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output)
        {
            ConfigureBuilder = builder => builder.UseChatClient(chat).UseImageGenerator(new TestImageEditor()).UseImageStore(new SequentialImageStore(ImageDirectory)),
        };

        int exitCode = await app.RunAsync(["--conversation", "c1"]);

        Assert.Equal(0, exitCode);
        string worm = Path.Combine(ImageDirectory, "image_1.png");
        string elephant = Path.Combine(ImageDirectory, "image_2.png");
        Assert.Equal(
            $"""
            {Banner}
            Conversation c1: 0 earlier messages, 0 images.
            Call log: {CallLogPath("c1")}
            {Welcome}
            you> /help
            Commands:
              /new         start a new conversation
              /images      this conversation's images: file, and for an edit the image it was edited from
              /usage       tokens, model calls and images of this conversation so far
              /save        save this conversation to the conversation store and print its id
              /load <id>   continue a saved conversation
              /help        this list
              /exit        quit (so does Ctrl+C at the prompt)
            Ctrl+C while a turn runs cancels the turn; an empty line does nothing.
            you> /xyz
            Unknown command /xyz. Commands: /new, /images, /usage, /save, /load <id>, /help, /exit.
            you> /images
            Conversation c1 has no images yet.
            you> /usage
            Conversation c1: 0 model calls, 0 prompt + 0 completion = 0 total, 0 images.
            you> /save
            Conversation c1 has no turns yet: nothing to save.
            you> /load
            Usage: /load <id>, with the id /save printed.
            you> /load missing
            No conversation missing in memory.
            you> create the image of a worm
              generating image: a worm
              image saved: {worm}
            assistant> Here is your worm.
              usage: 30 prompt + 12 completion = 42 total, 2 model calls
            you> make it now an elephant
              editing image_1.png: an elephant
              image saved: {elephant} (edited from image_1.png)
            assistant> Now an elephant.
              usage: 40 prompt + 13 completion = 53 total, 2 model calls
            you> /images
            Images of conversation c1:
              1. {worm}: a worm
              2. {elephant} (edited from image_1.png): an elephant
            you> /usage
            Conversation c1: 4 model calls, 70 prompt + 25 completion = 95 total, 2 images, image tokens 300 prompt + 4160 completion = 4460 total.
            you> /save
            Conversation c1 is kept in memory: /load c1 continues it in this run, but it does not survive the process.
            To keep conversations, set ImageChat:ConversationStore:Directory to a folder (ImageChat__ConversationStore__Directory=conversations) or ImageChat:ConversationStore:Redis to a Redis server (ImageChat__ConversationStore__Redis=127.0.0.1:6379).
            you> /exit
            Conversation c1: 4 model calls, 70 prompt + 25 completion = 95 total, 2 images, image tokens 300 prompt + 4160 completion = 4460 total.

            """,
            Normalize(output));
        Assert.Equal(4, chat.Requests.Count);
    }

    [Fact]
    public async Task Empty_lines_are_ignored_and_a_redirected_message_is_shown_once()
    {
        using StringReader input = new("\n   \ncreate the image of a worm\n\n");
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output);

        int exitCode = await app.RunAsync([]);

        Assert.Equal(0, exitCode);
        string printed = Normalize(output);
        string image = Assert.Single(Directory.GetFiles(ImageDirectory, "generated_*.png"));
        Assert.Contains(
            $"""
            {Welcome}
            you> 
            you> 
            you> create the image of a worm
              generating image: A picture of a worm.
              image saved: {image}
            assistant> (demo model) Here is what the image tool reported: Image generated successfully and saved to {Path.GetFileName(image)}. Description: A picture of a worm.
              usage: 0 prompt + 0 completion = 0 total, 2 model calls
            you> 
            you> 

            """,
            printed,
            StringComparison.Ordinal);
        Assert.Single(Regex.Matches(printed, "create the image of a worm"));
    }

    [Fact]
    public async Task Typed_at_a_terminal_the_message_is_not_written_again()
    {
        using StringReader input = new("create the image of a worm\n");
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output) { InputEchoed = true };

        int exitCode = await app.RunAsync([]);

        // The terminal showed the line as it was typed, after the prompt: the app writes the prompt and goes on from there.
        Assert.Equal(0, exitCode);
        string printed = Normalize(output);
        Assert.Contains($"{Welcome}\nyou>   generating image: A picture of a worm.\n", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("create the image of a worm", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_during_a_turn_rolls_it_back_and_the_chat_goes_on()
    {
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        DemoChatClient demo = new();
        int calls = 0;
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = async (messages, options, cancellationToken) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    entered.SetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken); // a model that answers only when cancelled
                }

                return await demo.GetResponseAsync(messages, options, cancellationToken);
            },
        };
        using StringReader input = new("draw an owl\ncreate the image of a worm\nwhat is the picture?\n");
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output) { ConfigureBuilder = builder => builder.UseChatClient(chat) };

        Task<int> run = app.RunAsync([]);
        await entered.Task;
        app.Interrupt();

        Assert.Equal(0, await run);
        string printed = Normalize(output);
        Assert.Contains($"you> draw an owl\n{RolledBack}\nyou> create the image of a worm\n", printed, StringComparison.Ordinal);
        Assert.Contains("assistant> (demo model) The picture shows: A picture of a worm.\n", printed, StringComparison.Ordinal);
        Assert.Equal(
            ["create the image of a worm"],
            chat.Requests[1].Where(m => m.Role == ChatRole.User).Select(m => m.Text));
        Assert.Single(Directory.GetFiles(ImageDirectory, "generated_*.png"));
    }

    [Fact]
    public async Task Ctrl_C_twice_during_a_turn_quits()
    {
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = async (_, _, cancellationToken) =>
            {
                entered.SetResult();
                await release.Task; // a model slow to notice the cancellation: the second Ctrl+C comes first
                cancellationToken.ThrowIfCancellationRequested();
                return TestChatClient.Reply("never shown");
            },
        };
        using StringReader input = new("draw an owl\nnever sent\n");
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output) { ConfigureBuilder = builder => builder.UseChatClient(chat) };

        Task<int> run = app.RunAsync(["--conversation", "c2"]);
        await entered.Task;
        app.Interrupt();
        app.Interrupt();
        release.SetResult();

        Assert.Equal(130, await run);
        Assert.EndsWith(
            $"""
            you> draw an owl

            Cancelled.
            Conversation c2: 0 model calls, 0 prompt + 0 completion = 0 total, 0 images.

            """,
            Normalize(output),
            StringComparison.Ordinal);
        Assert.Single(chat.Requests);
    }

    [Fact]
    public async Task Ctrl_C_at_the_prompt_quits_without_waiting_for_enter()
    {
        using PromptReader input = new("create the image of a worm");
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output);

        Task<int> run = app.RunAsync(["--conversation", "c3"]);
        await input.Waiting; // the second line is never typed
        app.Interrupt();

        Assert.Equal(130, await run);
        Assert.EndsWith(
            """
              usage: 0 prompt + 0 completion = 0 total, 2 model calls
            you> 
            Cancelled.
            Conversation c3: 2 model calls, 0 prompt + 0 completion = 0 total, 1 image.

            """,
            Normalize(output),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_starts_an_empty_conversation_and_load_returns_to_the_first_one()
    {
        using StringReader input = new("create the image of a worm\n/new\n/images\n/load c4\nwhat is the picture?\n/images\n");
        using StringWriter output = new();
        using ConsoleSampleApp app = new(Configure([]), input, output);

        int exitCode = await app.RunAsync(["--conversation", "c4"]);

        Assert.Equal(0, exitCode);
        string printed = Normalize(output);
        Match started = Regex.Match(printed, @"you> /new\nNew conversation ([0-9a-f]{32})\. Call log: (.+)\n");
        Assert.True(started.Success, printed);
        Assert.Equal(CallLogPath(started.Groups[1].Value), started.Groups[2].Value);
        string image = Assert.Single(Directory.GetFiles(ImageDirectory, "generated_*.png"));
        Assert.Contains(
            $"""
            you> /images
            Conversation {started.Groups[1].Value} has no images yet.
            you> /load c4
            Loaded conversation c4: 1 earlier message, 1 image. Call log: {CallLogPath("c4")}
            you> what is the picture?
            assistant> (demo model) The picture shows: A picture of a worm.
              usage: 0 prompt + 0 completion = 0 total, 1 model call
            you> /images
            Images of conversation c4:
              1. {image}: A picture of a worm.

            """,
            printed,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_conversation_folder_save_prints_the_id_that_a_later_run_loads()
    {
        Hashtable environment = new() { ["ImageChat__ConversationStore__Directory"] = ConversationDirectory };
        using StringWriter first = new();
        using (StringReader input = new("create the image of a worm\n/save\n"))
        using (ConsoleSampleApp app = new(Configure(environment), input, first))
        {
            Assert.Equal(0, await app.RunAsync([]));
        }

        string id = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(ConversationDirectory, "*.json")));
        Assert.Contains(
            $"you> /save\nSaved conversation {id} in the folder {ConversationDirectory} (every turn is saved as it completes). Continue it with /load {id}, or run the sample with --conversation {id}.\n",
            Normalize(first),
            StringComparison.Ordinal);

        using StringWriter second = new();
        using (StringReader input = new($"/load {id}\nwhat is the picture?\n/load {id}x\n"))
        using (ConsoleSampleApp app = new(Configure(environment), input, second))
        {
            Assert.Equal(0, await app.RunAsync([]));
        }

        Assert.Contains(
            $"""
            you> /load {id}
            Loaded conversation {id}: 1 earlier message, 1 image. Call log: {CallLogPath(id)}
            you> what is the picture?
            assistant> (demo model) The picture shows: A picture of a worm.
              usage: 0 prompt + 0 completion = 0 total, 1 model call
            you> /load {id}x
            No conversation {id}x in the folder {ConversationDirectory}.

            """,
            Normalize(second),
            StringComparison.Ordinal);
    }

    private static string Normalize(StringWriter output) => output.ToString().ReplaceLineEndings("\n");

    private IConfiguration Configure(Hashtable environment)
    {
        environment["ImageChat__ImageDirectory"] = ImageDirectory;
        environment["Sample__CallLogDirectory"] = CallLogDirectory;
        return SampleConfiguration.Build(_workingDirectory.Path, environment);
    }

    private string CallLogPath(string conversationId)
    {
        using FileCallLogSink sink = new(new FileCallLogSinkOptions { Directory = CallLogDirectory });
        return sink.GetFilePath(conversationId);
    }

    /// <summary>Input that gives its lines, then waits at the prompt as a user who types nothing more does, until disposed.</summary>
    private sealed class PromptReader(params string[] lines) : TextReader
    {
        private readonly Queue<string> _lines = new(lines);
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the app asks for a line after the given ones.</summary>
        public Task Waiting => _waiting.Task;

        public override string? ReadLine()
        {
            if (_lines.TryDequeue(out string? line))
            {
                return line;
            }

            _waiting.TrySetResult();
            _closed.Task.Wait();
            return null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _closed.TrySetResult();
            }

            base.Dispose(disposing);
        }
    }
}
