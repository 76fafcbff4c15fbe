using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// What every conversation of a client shares: the chat pipeline (function-invocation loop on top), the tools, the options.
/// </summary>
internal sealed partial class ImageChatEngine
{
    private readonly ILogger _logger;

    public ImageChatEngine(
        [FromKeyedServices(ImageChatServiceKeys.Pipeline)] IChatClient chatClient,
        IToolRegistry tools,
        IOptions<ImageChatOptions> options,
        TimeProvider timeProvider,
        ILogger<ImageChatEngine> logger)
    {
        ChatClient = chatClient;
        Tools = tools;
        Options = options.Value;
        TimeProvider = timeProvider;
        _logger = logger;
    }

    public IChatClient ChatClient { get; }

    public IToolRegistry Tools { get; }

    public ImageChatOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public void LogTurnFailed(string conversationId, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            Log.TurnCancelled(_logger, conversationId);
        }
        else
        {
            Log.TurnFailed(_logger, conversationId, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Turn of conversation {ConversationId} failed; its history is as before the turn.")]
        public static partial void TurnFailed(ILogger logger, string conversationId, Exception exception);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Turn of conversation {ConversationId} was cancelled; its history is as before the turn.")]
        public static partial void TurnCancelled(ILogger logger, string conversationId);
    }
}
