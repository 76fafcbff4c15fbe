using ImageChat.Samples.Demo;
using Microsoft.Extensions.Configuration;

namespace ImageChat.ConsoleSample;

/// <summary>
/// The console sample: a chat REPL, or, given messages, one conversation that sends them in order and exits.
/// With an OpenAI API key configured it talks to OpenAI (or any OpenAI-compatible endpoint); without one it runs
/// offline on the demo chat model and demo image generator. <c>--conversation &lt;id&gt;</c> first continues that
/// conversation from the configured store (<c>ImageChat:ConversationStore:Redis</c> or <c>:Directory</c>), or starts it
/// under that id, so that two runs continue one conversation.
/// </summary>
public static class ConsoleSampleApp
{
    /// <summary>Runs the sample.</summary>
    /// <param name="messages">Messages to send in order as one conversation, optionally after <c>--conversation &lt;id&gt;</c>; none for the interactive chat.</param>
    /// <param name="configuration">The configuration (see <see cref="SampleConfiguration"/>).</param>
    /// <param name="input">Where the interactive chat reads the user's lines.</param>
    /// <param name="output">Where replies, images and usage are written.</param>
    /// <param name="cancellationToken">Ends the run (Ctrl+C).</param>
    /// <returns>The process exit code: 0 on success, 1 when a turn failed, 130 when cancelled.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> messages,
        IConfiguration configuration,
        TextReader input,
        TextWriter output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        using FileCallLogSink callLog = new(new FileCallLogSinkOptions
        {
            Directory = configuration[SampleConfiguration.CallLogDirectoryKey] ?? FileCallLogSinkOptions.DefaultDirectory,
        });
        using IImageChatClient client = CreateClient(configuration, callLog, output);
        string? conversationId = null;
        if (messages is ["--conversation", { } id, ..])
        {
            conversationId = id;
            messages = [.. messages.Skip(2)];
        }

        IImageChatConversation conversation = conversationId is null
            ? client.StartConversation()
            : await client.ResumeConversationAsync(new ConversationOptions { Id = conversationId }, cancellationToken).ConfigureAwait(false);
        if (conversationId is not null)
        {
            await output.WriteLineAsync($"Conversation {conversation.Id}: {conversation.History.Count(m => m.Role == Microsoft.Extensions.AI.ChatRole.User)} earlier messages.").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Call log: {callLog.GetFilePath(conversation.Id)}").ConfigureAwait(false);
        bool interactive = messages.Count == 0;
        if (interactive)
        {
            await output.WriteLineAsync("Type a message and press Enter; an empty line or 'exit' quits.").ConfigureAwait(false);
        }

        int exitCode = 0;
        try
        {
            foreach (string message in interactive ? ReadLines(input, output) : messages)
            {
                await output.WriteLineAsync($"you> {message}").ConfigureAwait(false);
                if (!await SendAsync(conversation, message, output, cancellationToken).ConfigureAwait(false))
                {
                    exitCode = 1;
                    if (!interactive)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            exitCode = 130;
        }

        UsageSummary usage = conversation.Usage;
        await output.WriteLineAsync(
            $"Conversation: {Count(usage.ModelCallCount, "model call")}, {usage.Chat}, {Count(usage.ImageCount, "image")}.").ConfigureAwait(false);
        return exitCode;
    }

    private static IImageChatClient CreateClient(IConfiguration configuration, ICallLogSink callLog, TextWriter output)
    {
        IConfigurationSection openAI = configuration.GetSection(SampleModels.OpenAISection);
        output.WriteLine(SampleModels.HasOpenAIKey(configuration)
            ? $"Using {openAI["ChatModel"] ?? "the default chat model"} at {openAI["Endpoint"] ?? "api.openai.com"}."
            : "No OPENAI_API_KEY set: running offline on the demo chat model and demo image generator (not real AI).");
        ImageChatBuilder builder = new ImageChatBuilder()
            .Configure(configuration.GetSection(ImageChatDefaults.ConfigurationSectionName))
            .AddCallLogSink(callLog)
            .UseOpenAIOrDemo(configuration);
        if (!string.IsNullOrEmpty(configuration["ImageChat:ConversationStore:Redis"]))
        {
            builder.UseRedisConversationStore(); // Reads that setting.
        }

        return builder.Build();
    }

    /// <summary>
    /// Sends one message and prints the turn as it streams: the reply as it arrives, a status line while an image is made
    /// (on a terminal it ticks the seconds), and where each image was saved.
    /// </summary>
    private static async Task<bool> SendAsync(IImageChatConversation conversation, string message, TextWriter output, CancellationToken cancellationToken)
    {
        ImageStatus status = new(output);
        bool replying = false;
        try
        {
            await foreach (TurnUpdate update in conversation.SendStreamingAsync(message, cancellationToken).ConfigureAwait(false))
            {
                switch (update)
                {
                    case TextDelta delta:
                        if (!replying)
                        {
                            await status.EndAsync().ConfigureAwait(false);
                            await output.WriteAsync("assistant> ").ConfigureAwait(false);
                            replying = true;
                        }

                        await output.WriteAsync(delta.Text).ConfigureAwait(false);
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case ImageGenerationStarted started:
                        await status.StartAsync(started.Description, cancellationToken).ConfigureAwait(false);
                        break;
                    case ImagePreview preview:
                        await status.ShowAsync($"preview {preview.Index + 1} received").ConfigureAwait(false);
                        break;
                    case ImageSaved saved:
                        await status.EndAsync().ConfigureAwait(false);
                        await output.WriteLineAsync($"  image saved: {saved.Image.Location}").ConfigureAwait(false);
                        break;
                    case TurnCompleted completed:
                        await output.WriteLineAsync(replying ? string.Empty : $"assistant> {completed.Result.Text}").ConfigureAwait(false);
                        UsageSummary usage = completed.Result.Usage;
                        await output.WriteLineAsync($"  usage: {usage.Chat}, {Count(usage.ModelCallCount, "model call")}").ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is ImageChatException or ArgumentException)
        {
            // The conversation is as it was before the turn: the user can go on.
            await status.EndAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"{(replying ? Environment.NewLine : string.Empty)}error> {ex.Message}").ConfigureAwait(false);
            return false;
        }
        finally
        {
            await status.DisposeAsync().ConfigureAwait(false);
        }

        return true;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static IEnumerable<string> ReadLines(TextReader input, TextWriter output)
    {
        while (true)
        {
            output.Write("> ");
            string? line = input.ReadLine()?.Trim();
            if (string.IsNullOrEmpty(line) || line.Equals("exit", StringComparison.OrdinalIgnoreCase))
            {
                yield break;
            }

            yield return line;
        }
    }
}
