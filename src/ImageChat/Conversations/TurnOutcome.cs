using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// How a turn ends, the same for every way of running one: what a failure surfaces as, and whether the reply is a refusal.
/// </summary>
internal static class TurnOutcome
{
    /// <summary>
    /// Translates what ended a turn into what the caller gets, with the images the turn saved: a cancellation through the
    /// caller's token is a <see cref="TurnCancelledException"/>, a failure on a disposed client an <see cref="ObjectDisposedException"/>,
    /// anything else an <see cref="ImageChatException"/> (a tool's or a client's own exception becomes its inner exception).
    /// </summary>
    public static Exception Failure(Exception exception, IReadOnlyList<ConversationImage> savedImages, bool clientDisposed, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return new TurnCancelledException("The turn was cancelled; the history is as before it.", exception, cancellationToken) { ImagesSavedBeforeFailure = savedImages };
            case ImageChatException failure:
                failure.ImagesSavedBeforeFailure = savedImages;
                return failure;
            case Exception when clientDisposed:
                return ImageChatEngine.Disposed(exception);
            default:
                return new ImageChatException($"The turn failed: {exception.Message} The history is as before the turn; the inner exception is what was thrown.", exception)
                {
                    ImagesSavedBeforeFailure = savedImages,
                };
        }
    }

    /// <summary>Gets the model's refusal in the reply, if it refused. Every turn asks twice: plain loops, nothing allocated.</summary>
    public static string? RefusalOf(ChatResponse response)
    {
        IList<ChatMessage> messages = response.Messages;
        for (int m = messages.Count - 1; m >= 0; m--)
        {
            if (messages[m].Role != ChatRole.Assistant)
            {
                continue;
            }

            IList<AIContent> contents = messages[m].Contents;
            for (int c = 0; c < contents.Count; c++)
            {
                if (contents[c] is ErrorContent { ErrorCode: ModelResponseProperties.RefusalErrorCode } refusal)
                {
                    return refusal.Message;
                }
            }

            return null; // Only the last assistant message is the reply.
        }

        return null;
    }

    /// <summary>Fails the turn when the model refused or the content filter stopped it and the options ask for an exception.</summary>
    /// <exception cref="ChatRefusedException">The reply is a refusal or was filtered and <see cref="ImageChatOptions.ThrowOnRefusal"/> is on.</exception>
    public static void ThrowIfRefused(ChatResponse response, string? refusal, ImageChatOptions options)
    {
        if (!options.ThrowOnRefusal)
        {
            return;
        }

        if (refusal is not null)
        {
            throw new ChatRefusedException($"The chat model refused to answer: {refusal}", refusal, response.FinishReason);
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new ChatRefusedException("The provider's content filter stopped the chat model's reply.", null, response.FinishReason);
        }
    }
}
