namespace ImageChat.Tests.Reliability;

/// <summary>Runs a turn either way a caller can: every guarantee of issue 9 holds for both.</summary>
internal static class Turns
{
    /// <summary>Runs a turn with <c>SendAsync</c>, or with <c>SendStreamingAsync</c> read to its <see cref="TurnCompleted"/>.</summary>
    public static async Task<ChatTurnResult> RunTurnAsync(this IImageChatConversation conversation, string message, bool streamed, CancellationToken cancellationToken = default)
    {
        if (!streamed)
        {
            return await conversation.SendAsync(message, cancellationToken);
        }

        ChatTurnResult? result = null;
        await foreach (TurnUpdate update in conversation.SendStreamingAsync(message, cancellationToken))
        {
            result = (update as TurnCompleted)?.Result;
        }

        return Assert.IsType<ChatTurnResult>(result); // TurnCompleted comes last.
    }
}
