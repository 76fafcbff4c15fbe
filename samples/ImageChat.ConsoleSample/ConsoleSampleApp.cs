using ImageChat.Samples.Demo;
using Microsoft.Extensions.Configuration;

namespace ImageChat.ConsoleSample;

/// <summary>
/// The console sample: a chat REPL with commands (<c>/help</c>), or, given messages, one conversation that sends them in
/// order and exits. With an OpenAI API key configured it talks to OpenAI (or any OpenAI-compatible endpoint); without one
/// it runs offline on the demo chat model and demo image generator. <c>--conversation &lt;id&gt;</c> first continues that
/// conversation from the configured store (<c>ImageChat:ConversationStore:Redis</c> or <c>:Directory</c>), or starts it
/// under that id, so that two runs continue one conversation.
/// </summary>
public sealed class ConsoleSampleApp : IDisposable
{
    /// <summary>The prompt of the interactive chat, also written before each message of a scripted run.</summary>
    public const string Prompt = "you> ";

    private readonly IConfiguration _configuration;
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _quit = new();
    private CancellationTokenSource? _line;
    private bool _interactive;
    private bool _disposed;

    /// <summary>Creates the app.</summary>
    /// <param name="configuration">The configuration (see <see cref="SampleConfiguration"/>).</param>
    /// <param name="input">Where the interactive chat reads the user's lines.</param>
    /// <param name="output">Where replies, images and usage are written.</param>
    public ConsoleSampleApp(IConfiguration configuration, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        _configuration = configuration;
        _input = input;
        _output = output;
        InputEchoed = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;
    }

    /// <summary>
    /// Gets whether what the user types is already shown: a terminal echoes the keys, so the app must not write the line
    /// again. By default, when the input is the console's and not redirected.
    /// </summary>
    public bool InputEchoed { get; init; }

    /// <summary>Gets a last say on the client, after the models are chosen (tests swap in their own models).</summary>
    public Action<ImageChatBuilder>? ConfigureBuilder { get; init; }

    /// <summary>
    /// Ctrl+C: cancels the running turn (the chat returns to the prompt, the conversation as before the turn); at the
    /// prompt, pressed again before a cancelled turn has ended, or in a scripted run, it quits.
    /// </summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_interactive && _line is { IsCancellationRequested: false } line)
            {
                line.Cancel();
                return;
            }

            _quit.Cancel();
        }
    }

    /// <summary>Runs the sample.</summary>
    /// <param name="args">Messages (or commands) to run in order as one conversation, optionally after <c>--conversation &lt;id&gt;</c>; none for the interactive chat.</param>
    /// <param name="cancellationToken">Ends the run.</param>
    /// <returns>The process exit code: 0 on success, 1 when a scripted turn or command failed, 130 when the run was cancelled or quit with Ctrl+C.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _quit.Token);
        using FileCallLogSink callLog = new(new FileCallLogSinkOptions
        {
            Directory = _configuration[SampleConfiguration.CallLogDirectoryKey] ?? FileCallLogSinkOptions.DefaultDirectory,
        });
        ConversationStoreInfo store = ConversationStoreInfo.From(_configuration);
        using IImageChatClient client = CreateClient(callLog, store);
        string? conversationId = null;
        if (args is ["--conversation", { } id, ..])
        {
            conversationId = id;
            args = [.. args.Skip(2)];
        }

        IImageChatConversation conversation = conversationId is null
            ? client.StartConversation()
            : await client.ResumeConversationAsync(new ConversationOptions { Id = conversationId }, stop.Token).ConfigureAwait(false);
        if (conversationId is not null)
        {
            await _output.WriteLineAsync($"Conversation {conversation.Id}: {ConsoleChat.DescribeHistory(conversation)}.").ConfigureAwait(false);
        }

        lock (_gate)
        {
            _interactive = args.Count == 0;
        }

        int exitCode = 0;
        ConsoleChat chat = new(client, conversation, callLog, store, _output);
        try
        {
            await _output.WriteLineAsync($"Call log: {callLog.GetFilePath(conversation.Id)}").ConfigureAwait(false);
            if (_interactive)
            {
                await _output.WriteLineAsync("Type a message and press Enter; /help lists the commands, /exit or Ctrl+C quits.").ConfigureAwait(false);
            }

            int next = 0;
            while ((_interactive ? await ReadLineAsync(stop.Token).ConfigureAwait(false) : next < args.Count ? Echo(args[next++]) : null) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                LineOutcome outcome = await HandleAsync(chat, line, stop.Token).ConfigureAwait(false);
                if (outcome == LineOutcome.Exit || (outcome == LineOutcome.Failed && !_interactive))
                {
                    exitCode = outcome == LineOutcome.Exit ? exitCode : 1;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await _output.WriteLineAsync().ConfigureAwait(false); // ends the prompt or the status line Ctrl+C interrupted
            await _output.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            exitCode = 130;
        }

        await _output.WriteLineAsync(ConsoleChat.DescribeUsage(chat.Conversation)).ConfigureAwait(false);
        return exitCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _quit.Dispose();
    }

    private IImageChatClient CreateClient(ICallLogSink callLog, ConversationStoreInfo store)
    {
        IConfigurationSection openAI = _configuration.GetSection(SampleModels.OpenAISection);
        _output.WriteLine(SampleModels.HasOpenAIKey(_configuration)
            ? $"Using {openAI["ChatModel"] ?? "the default chat model"} at {openAI["Endpoint"] ?? "api.openai.com"}."
            : "No OPENAI_API_KEY set: running offline on the demo chat model and demo image generator (not real AI).");
        ImageChatBuilder builder = new ImageChatBuilder()
            .Configure(_configuration.GetSection(ImageChatDefaults.ConfigurationSectionName))
            .AddCallLogSink(callLog)
            .UseOpenAIOrDemo(_configuration);
        if (store.Redis)
        {
            builder.UseRedisConversationStore(); // Reads that setting.
        }

        ConfigureBuilder?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Runs one line under its own cancellation, so that Ctrl+C cancels that line alone and the chat goes on.</summary>
    private async Task<LineOutcome> HandleAsync(ConsoleChat chat, string line, CancellationToken stop)
    {
        using CancellationTokenSource lineCancellation = CancellationTokenSource.CreateLinkedTokenSource(stop);
        lock (_gate)
        {
            _line = lineCancellation;
        }

        try
        {
            return await chat.HandleAsync(line, lineCancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            await _output.WriteLineAsync("Cancelled: the turn was rolled back, the conversation is as it was before it.").ConfigureAwait(false);
            return LineOutcome.Done;
        }
        finally
        {
            lock (_gate)
            {
                _line = null;
            }
        }
    }

    /// <summary>
    /// Prompts and reads a line. The read runs aside and is abandoned on quit: a console read cannot be cancelled, and
    /// Ctrl+C at the prompt must not wait for Enter.
    /// </summary>
    private async Task<string?> ReadLineAsync(CancellationToken stop)
    {
        await _output.WriteAsync(Prompt).ConfigureAwait(false);
        await _output.FlushAsync(stop).ConfigureAwait(false);
        string? line = (await Task.Run(_input.ReadLine, CancellationToken.None).WaitAsync(stop).ConfigureAwait(false))?.Trim();
        if (line is null || !InputEchoed)
        {
            await _output.WriteLineAsync(line).ConfigureAwait(false); // the terminal did not show it
        }

        return line;
    }

    /// <summary>Shows a scripted message as if it had been typed.</summary>
    private string Echo(string message)
    {
        _output.WriteLine(Prompt + message);
        return message.Trim();
    }
}
