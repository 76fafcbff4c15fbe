using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// What every conversation of a client shares: the chat pipeline (function-invocation loop on top), the tools, the options.
/// </summary>
internal sealed class ImageChatEngine
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
}
