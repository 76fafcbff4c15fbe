using Microsoft.Extensions.Logging;

namespace ImageChat;

/// <summary>
/// Every <see cref="LoggerMessageAttribute"/> event of this assembly, in one class on purpose: on .NET 10 the logging
/// source generator emits one class per containing type in a random order, so an assembly with several such classes
/// differs on every build (dotnet/runtime#119587) and the packages stop being reproducible. Add new events here, not
/// in a nested <c>Log</c> class, until that fix ships; LoggingConventionTests enforces it.
/// </summary>
internal static partial class Log
{
    // Turns
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

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "A logger, activity listener or meter listener threw while ImageChat reported a turn; the turn's outcome stands.")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Conversation {ConversationId} is no longer in its store (version {Version} was deleted or expired); it starts over with an empty history.")]
    public static partial void ConversationStartsOver(ILogger logger, string conversationId, long version);

    // Images
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Image saved as {FileName} at {Location}.")]
    public static partial void ImageSaved(ILogger logger, string fileName, string location);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Image generation failed.")]
    public static partial void ImageGenerationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "The model asked for more than {Limit} images in one turn; the call was answered without making an image.")]
    public static partial void ImageLimitReached(ILogger logger, int limit);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Image {FileName} was edited from {ParentFileName}.")]
    public static partial void ImageEdited(ILogger logger, string fileName, string parentFileName);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "The image generator cannot edit images: edit_image generated {FileName} from the description alone, and told the model so.")]
    public static partial void ImageEditFallback(ILogger logger, string fileName);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "The model asked to edit an image that is not one of the conversation's {ImageCount} images; nothing was read, and the model was told.")]
    public static partial void EditSourceUnknown(ILogger logger, int imageCount);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "The image {FileName} to edit could not be read from the image store; the model was told.")]
    public static partial void EditSourceUnreadable(ILogger logger, string fileName, Exception? exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Trace, Message = "The image model revised the prompt of {FileName}: {RevisedPrompt}")]
    public static partial void ImageRevisedPrompt(ILogger logger, string fileName, string revisedPrompt);

    // Model calls and the call log
    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Model call #{CallNumber} ({Kind}) of conversation {ConversationId} took {DurationMs} ms: {InputTokens} prompt + {OutputTokens} completion tokens.")]
    public static partial void ModelCallCompleted(ILogger logger, int callNumber, ModelCallKind kind, string conversationId, double durationMs, long inputTokens, long outputTokens);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Trace, Message = "Model call #{CallNumber} of conversation {ConversationId} sent {Messages} and received {Response}")]
    public static partial void ModelCallContents(ILogger logger, int callNumber, string conversationId, string messages, string response);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Call log sink {Sink} could not write call #{CallNumber} of conversation {ConversationId}.")]
    public static partial void CallLogWriteFailed(ILogger logger, string sink, int callNumber, string conversationId, Exception exception);

    // Tools
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Running tool {ToolName} for call {CallId}.")]
    public static partial void ToolInvoking(ILogger logger, string toolName, string callId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "The model called {ToolName} (call {CallId}) with arguments that are not valid JSON: {Error}. Reported back to the model.")]
    public static partial void InvalidArguments(ILogger logger, string toolName, string callId, string error);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Trace, Message = "Tool {ToolName} answered call {CallId}: {Exchange}")]
    public static partial void ToolInvoked(ILogger logger, string toolName, string callId, string exchange);

    // Prompt budget
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Request of conversation {ConversationId} compacted from {Before} to {After} prompt tokens: the {Turns} earliest turns left out.")]
    public static partial void Compacted(ILogger logger, string? conversationId, int before, int after, int turns);

    // Vision
    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "The requests of this turn of conversation {ConversationId} show the model image {FileName} at {Width}x{Height}.")]
    public static partial void VisionImageAttached(ILogger logger, string fileName, int width, int height, string conversationId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "The image {FileName} could not be read or decoded to show the model; the request was sent without it.")]
    public static partial void VisionImageUnreadable(ILogger logger, string fileName, Exception? exception);
}
