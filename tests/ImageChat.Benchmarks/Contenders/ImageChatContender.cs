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

    public void Dispose() => _client.Dispose();
}
