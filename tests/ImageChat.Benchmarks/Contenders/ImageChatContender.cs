namespace ImageChat.Benchmarks;

/// <summary>ImageChat with its defaults and the OpenAI provider: a conversation sends the user messages one turn at a time.</summary>
internal sealed class ImageChatContender : IDisposable
{
    private readonly IImageChatClient _client;

    /// <summary>The default store, held here so that a finished conversation can be deleted from it as an app would.</summary>
    private readonly InMemoryConversationStore _store = new();

    public ImageChatContender(Uri endpoint, string imageDirectory, Action<ImageChatBuilder>? configure = null)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = Contenders.ApiKey;
                o.Endpoint = endpoint;
            })
            .UseImageDirectory(imageDirectory)
            .UseConversationStore(_store);
        configure?.Invoke(builder);
        _client = builder.Build();
    }

    public async Task<IImageChatConversation> RunAsync(IReadOnlyList<string> userMessages, CancellationToken cancellationToken = default)
    {
        IImageChatConversation conversation = _client.StartConversation();
        foreach (string message in userMessages)
        {
            await conversation.SendAsync(message, cancellationToken);
        }

        return conversation;
    }

    /// <summary>
    /// Runs a conversation and then deletes it from the store, as an app does with a conversation it is done with: the
    /// MEAI loop lets its history go at the end too. Without this, every conversation run would stay in the store, and
    /// the growing heap would make each later conversation's garbage collections cost more (the retained-memory job
    /// measures what conversations kept alive cost).
    /// </summary>
    public async Task RunToEndAsync(IReadOnlyList<string> userMessages, CancellationToken cancellationToken = default)
    {
        IImageChatConversation conversation = await RunAsync(userMessages, cancellationToken);
        await _store.DeleteAsync(conversation.Id, cancellationToken);
    }

    /// <summary>Streams one turn of a new conversation up to its first text and stops reading: the turn is abandoned and rolled back.</summary>
    public async Task<string> FirstTextThenAbandonAsync(string message)
    {
        await foreach (TurnUpdate update in _client.StartConversation().SendStreamingAsync(message))
        {
            if (update is TextDelta { Text.Length: > 0 } delta)
            {
                return delta.Text;
            }
        }

        throw new InvalidOperationException("The stream had no text.");
    }

    /// <summary>Turns both resilience pipelines off (model calls still pass the empty pipelines): what the pipelines cost is the difference.</summary>
    public static void ResilienceOff(ImageChatResilienceOptions options) => (options.Chat.Enabled, options.Image.Enabled) = (false, false);

    public void Dispose() => _client.Dispose();
}
