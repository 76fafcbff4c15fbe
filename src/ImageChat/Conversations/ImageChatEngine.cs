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
        ImageChatInstrumentation instrumentation,
        ILogger<ImageChatEngine> logger)
    {
        Instrumentation = instrumentation;
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

    public ImageChatInstrumentation Instrumentation { get; }

    public void LogTurnStarted(string conversationId, ChatMessage userMessage)
    {
        Log.TurnStarted(_logger, conversationId);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.TurnMessage(_logger, conversationId, userMessage.Text);
        }
    }

    public void LogTurnCompleted(string conversationId, UsageSummary usage) =>
        Log.TurnCompleted(_logger, conversationId, usage.ModelCallCount, usage.ImageCount, usage.Chat.TotalTokens);

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
        [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Turn of conversation {ConversationId} started.")]
        public static partial void TurnStarted(ILogger logger, string conversationId);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Trace, Message = "Turn of conversation {ConversationId} sends the user message: {Message}")]
        public static partial void TurnMessage(ILogger logger, string conversationId, string message);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Turn of conversation {ConversationId} completed: {ModelCalls} model calls, {Images} images, {Tokens} chat tokens.")]
        public static partial void TurnCompleted(ILogger logger, string conversationId, int modelCalls, int images, long tokens);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Turn of conversation {ConversationId} failed; its history is as before the turn.")]
        public static partial void TurnFailed(ILogger logger, string conversationId, Exception exception);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Turn of conversation {ConversationId} was cancelled; its history is as before the turn.")]
        public static partial void TurnCancelled(ILogger logger, string conversationId);
    }
}
