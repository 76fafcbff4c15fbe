using Microsoft.Extensions.AI;

namespace ImageChat.ConsoleSample;

/// <summary>
/// What the console does with one line: a message runs a turn and prints it as it streams; a line starting with '/' is a
/// command (<see cref="Help"/>).
/// </summary>
internal sealed class ConsoleChat(IImageChatClient client, IImageChatConversation conversation, FileCallLogSink callLog, ConversationStoreInfo store, TextWriter output)
{
    /// <summary>What <c>/help</c> prints.</summary>
    public const string Help = """
        Commands:
          /new         start a new conversation
          /images      this conversation's images: file, and for an edit the image it was edited from
          /usage       tokens, model calls and images of this conversation so far
          /save        save this conversation to the conversation store and print its id
          /load <id>   continue a saved conversation
          /help        this list
          /exit        quit (so does Ctrl+C at the prompt)
        Ctrl+C while a turn runs cancels the turn; an empty line does nothing.
        """;

    private const string CommandList = "/new, /images, /usage, /save, /load <id>, /help, /exit";

    /// <summary>Gets the conversation the next message goes to.</summary>
    public IImageChatConversation Conversation { get; private set; } = conversation;

    /// <summary>Handles one line.</summary>
    /// <returns>What became of it.</returns>
    public async Task<LineOutcome> HandleAsync(string line, CancellationToken cancellationToken)
    {
        if (line.Equals("exit", StringComparison.OrdinalIgnoreCase))
        {
            return LineOutcome.Exit;
        }

        if (!line.StartsWith('/'))
        {
            return await SendAsync(line, cancellationToken).ConfigureAwait(false) ? LineOutcome.Done : LineOutcome.Failed;
        }

        string[] words = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (words[0].ToLowerInvariant())
        {
            case "/exit":
                return LineOutcome.Exit;
            case "/help":
                await output.WriteLineAsync(Help).ConfigureAwait(false);
                break;
            case "/new":
                Conversation = client.StartConversation();
                await output.WriteLineAsync($"New conversation {Conversation.Id}. Call log: {callLog.GetFilePath(Conversation.Id)}").ConfigureAwait(false);
                break;
            case "/images":
                await ListImagesAsync().ConfigureAwait(false);
                break;
            case "/usage":
                await output.WriteLineAsync(DescribeUsage(Conversation)).ConfigureAwait(false);
                break;
            case "/save":
                await SaveAsync().ConfigureAwait(false);
                break;
            case "/load" when words.Length == 2:
                return await LoadAsync(words[1], cancellationToken).ConfigureAwait(false);
            case "/load":
                await output.WriteLineAsync("Usage: /load <id>, with the id /save printed.").ConfigureAwait(false);
                return LineOutcome.Failed;
            default:
                await output.WriteLineAsync($"Unknown command {words[0]}. Commands: {CommandList}.").ConfigureAwait(false);
                return LineOutcome.Failed;
        }

        return LineOutcome.Done;
    }

    /// <summary>What a conversation consumed, as <c>/usage</c> and the end of a run print it.</summary>
    public static string DescribeUsage(IImageChatConversation conversation)
    {
        UsageSummary usage = conversation.Usage;
        string imageTokens = usage.ImageTokens.TotalTokens == 0 ? string.Empty : $", image tokens {usage.ImageTokens}";
        return $"Conversation {conversation.Id}: {Count(usage.ModelCallCount, "model call")}, {usage.Chat}, {Count(usage.ImageCount, "image")}{imageTokens}.";
    }

    /// <summary>How much a resumed conversation holds, such as "2 earlier messages, 1 image".</summary>
    public static string DescribeHistory(IImageChatConversation conversation) =>
        $"{Count(conversation.History.Count(m => m.Role == ChatRole.User), "earlier message")}, {Count(conversation.Images.Count, "image")}";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Describe(ConversationImage image) =>
        image.ParentFileName is null ? image.Location : $"{image.Location} (edited from {image.ParentFileName})";

    /// <summary>
    /// Sends one message and prints the turn as it streams: the reply as it arrives, a status line while the model works
    /// and while an image is made, and where each image was saved.
    /// </summary>
    /// <returns><see langword="false"/> when the turn failed; the conversation is then as before it.</returns>
    private async Task<bool> SendAsync(string message, CancellationToken cancellationToken)
    {
        TurnStatus status = new(output);
        await using (status.ConfigureAwait(false))
        {
            bool replying = false;
            try
            {
                await status.ThinkingAsync(cancellationToken).ConfigureAwait(false);
                await foreach (TurnUpdate update in Conversation.SendStreamingAsync(message, cancellationToken).ConfigureAwait(false))
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
                            replying = await EndReplyAsync(replying).ConfigureAwait(false);
                            await status.ImageAsync(started, cancellationToken).ConfigureAwait(false);
                            break;
                        case ImagePreview preview:
                            await status.NoteAsync($"preview {preview.Index + 1} received").ConfigureAwait(false);
                            break;
                        case ImageSaved saved:
                            await status.EndAsync().ConfigureAwait(false);
                            await output.WriteLineAsync($"  image saved: {Describe(saved.Image)}").ConfigureAwait(false);
                            await status.ThinkingAsync(cancellationToken).ConfigureAwait(false);
                            break;
                        case TurnCompleted completed:
                            await status.EndAsync().ConfigureAwait(false);
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
                await EndReplyAsync(replying).ConfigureAwait(false);
                await output.WriteLineAsync($"error> {ex.Message}").ConfigureAwait(false);
                return false;
            }
            catch (OperationCanceledException)
            {
                await status.EndAsync().ConfigureAwait(false);
                await EndReplyAsync(replying).ConfigureAwait(false);
                throw;
            }
        }

        return true;
    }

    /// <summary>Ends a reply that is being written, so that what follows starts on its own line.</summary>
    private async Task<bool> EndReplyAsync(bool replying)
    {
        if (replying)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
        }

        return false;
    }

    private async Task ListImagesAsync()
    {
        if (Conversation.Images.Count == 0)
        {
            await output.WriteLineAsync($"Conversation {Conversation.Id} has no images yet.").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"Images of conversation {Conversation.Id}:").ConfigureAwait(false);
        for (int i = 0; i < Conversation.Images.Count; i++)
        {
            ConversationImage image = Conversation.Images[i];
            await output.WriteLineAsync($"  {i + 1}. {Describe(image)}: {image.Description}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// ImageChat saves a conversation to its store as each turn commits, so there is nothing left to write: this says where
    /// it is and how to continue it, or, for the in-memory store, that it will not outlive the process and how to change that.
    /// </summary>
    private async Task SaveAsync()
    {
        string id = Conversation.Id;
        if (Conversation.History.All(m => m.Role != ChatRole.User))
        {
            await output.WriteLineAsync($"Conversation {id} has no turns yet: nothing to save.").ConfigureAwait(false);
        }
        else if (store.SurvivesTheProcess)
        {
            await output.WriteLineAsync($"Saved conversation {id} in {store.Description} (every turn is saved as it completes). Continue it with /load {id}, or run the sample with --conversation {id}.").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Conversation {id} is kept in memory: /load {id} continues it in this run, but it does not survive the process.").ConfigureAwait(false);
            await output.WriteLineAsync($"To keep conversations, set {ConversationStoreInfo.DirectoryKey} to a folder (ImageChat__ConversationStore__Directory=conversations) or {ConversationStoreInfo.RedisKey} to a Redis server (ImageChat__ConversationStore__Redis=127.0.0.1:6379).").ConfigureAwait(false);
        }
    }

    private async Task<LineOutcome> LoadAsync(string id, CancellationToken cancellationToken)
    {
        IImageChatConversation? loaded;
        try
        {
            loaded = await client.GetConversationAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await output.WriteLineAsync($"error> {ex.Message}").ConfigureAwait(false);
            return LineOutcome.Failed;
        }

        if (loaded is null)
        {
            await output.WriteLineAsync($"No conversation {id} in {store.Description}.").ConfigureAwait(false);
            return LineOutcome.Failed;
        }

        Conversation = loaded;
        await output.WriteLineAsync($"Loaded conversation {loaded.Id}: {DescribeHistory(loaded)}. Call log: {callLog.GetFilePath(loaded.Id)}").ConfigureAwait(false);
        return LineOutcome.Done;
    }
}
