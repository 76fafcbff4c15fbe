namespace ImageChat.Benchmarks;

/// <summary>ImageChat with its defaults and the OpenAI provider: a conversation sends the user messages one turn at a time.</summary>
internal sealed class ImageChatContender : IDisposable
{
    private readonly IImageChatClient _client;

    public ImageChatContender(Uri endpoint, string imageDirectory, Action<ImageChatBuilder>? configure = null)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = Contenders.ApiKey;
                o.Endpoint = endpoint;
            })
            .UseImageDirectory(imageDirectory);
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

    public void Dispose() => _client.Dispose();
}
