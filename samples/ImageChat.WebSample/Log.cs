using Microsoft.Extensions.Logging;

namespace ImageChat.WebSample;

/// <summary>The web sample's log events. Conversation ids only: user and model text never reach the log.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Turn of conversation {ConversationId} failed; the conversation is as it was before it.")]
    public static partial void TurnFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Request {Method} {Path} failed.")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
}
