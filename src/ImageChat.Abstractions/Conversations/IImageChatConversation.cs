using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// One conversation: its history, the images made so far and what it consumed.
/// </summary>
/// <remarks>
/// <para>
/// A turn commits atomically: <see cref="SendAsync"/> and <see cref="SendStreamingAsync"/> add the user message and everything the turn produced
/// (assistant tool calls, tool results, the reply) to <see cref="History"/> only when the turn succeeds.
/// A failed or cancelled turn, or a streamed turn whose caller stops enumerating before <see cref="TurnCompleted"/>,
/// leaves the history as it was, so the next request never carries a tool call without its result.
/// </para>
/// <para>
/// Turns run one at a time, streamed or not. A <see cref="SendAsync"/> or <see cref="SendStreamingAsync"/> started while another turn of the same conversation is
/// running waits for it to finish and then runs on the history that turn left: calls are served in the order
/// they were made (a streamed turn asks when its enumeration starts), and their messages never interleave. A tool that
/// calls <see cref="SendAsync"/> or <see cref="SendStreamingAsync"/> on the conversation
/// whose turn is running it (directly or through another conversation's turn) gets an <see cref="InvalidOperationException"/>
/// at once: that turn would otherwise wait for itself forever.
/// </para>
/// <para>
/// What a conversation hands out cannot change it: <see cref="History"/> returns deep copies of its messages, and the
/// messages of a <see cref="ChatTurnResult"/> (and the requests of its model calls) are not the objects the history keeps.
/// </para>
/// </remarks>
public interface IImageChatConversation
{
    /// <summary>Gets the conversation's id, used to name its call log.</summary>
    string Id { get; }

    /// <summary>
    /// Gets a snapshot of the history: the system prompt, then the messages of every completed turn. Each read returns new
    /// deep copies of the messages and their contents (tool-result values and providers' raw objects are shared, being
    /// immutable in practice), so changing them never changes the conversation. It holds references to images (file names
    /// in tool results), never image bytes.
    /// </summary>
    IReadOnlyList<ChatMessage> History { get; }

    /// <summary>Gets the images made by the completed turns, oldest first. An edited image names its parent (<see cref="ConversationImage.ParentFileName"/>).</summary>
    IReadOnlyList<ConversationImage> Images { get; }

    /// <summary>
    /// Gets the current image: the latest one of <see cref="Images"/>, which <c>edit_image</c> edits unless the model names
    /// another; <see langword="null"/> before the first image.
    /// </summary>
    ConversationImage? CurrentImage { get; }

    /// <summary>
    /// Gets the images saved by turns that did not commit (they failed, were cancelled or, streamed, were abandoned), oldest
    /// first. They were paid for and stay where the image store put them, but they are in neither <see cref="History"/> nor
    /// <see cref="Images"/>: the model never heard of them. Keep, show or delete them as your app sees fit.
    /// </summary>
    IReadOnlyList<ConversationImage> UncommittedImages { get; }

    /// <summary>Gets everything the conversation consumed, including turns that failed after spending tokens.</summary>
    UsageSummary Usage { get; }

    /// <summary>Sends a user message and runs the turn to the model's reply, generating images as the model asks.</summary>
    /// <param name="message">The user's message.</param>
    /// <param name="cancellationToken">Cancels the turn; the history is then left as before it.</param>
    /// <returns>The reply, the images made, the usage and the model calls of this turn.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, white space, or longer than <c>ImageChatOptions.MaxMessageLength</c>.</exception>
    /// <exception cref="ImageChatException">The turn failed; the history is as before it. Images it saved are on <see cref="ImageChatException.ImagesSavedBeforeFailure"/>.</exception>
    /// <exception cref="TurnCancelledException"><paramref name="cancellationToken"/> was cancelled (an <see cref="OperationCanceledException"/>); the history is as before the turn. Images it saved are on <see cref="TurnCancelledException.ImagesSavedBeforeFailure"/>.</exception>
    /// <exception cref="InvalidOperationException">A tool of this conversation's running turn called it: the turn would wait for itself.</exception>
    /// <exception cref="ObjectDisposedException">The client that started the conversation was disposed.</exception>
    Task<ChatTurnResult> SendAsync(string message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a user message and streams the turn as it happens: the reply text as it arrives, the tool calls, the
    /// progress of each image, and last <see cref="TurnCompleted"/> with the result <see cref="SendAsync"/> would return.
    /// </summary>
    /// <param name="message">The user's message.</param>
    /// <param name="cancellationToken">Cancels the turn; the history is then left as before it.</param>
    /// <returns>
    /// The turn's updates. The turn starts when the enumeration starts (after any running turn), and runs at the pace of
    /// the enumeration. It commits just before <see cref="TurnCompleted"/> is handed out; stopping the enumeration earlier
    /// (<see langword="break"/>, disposing the enumerator) rolls the turn back; images it saved were announced by
    /// <see cref="ImageSaved"/> and are listed in <see cref="UncommittedImages"/>. Starting another turn of this conversation
    /// from inside the enumeration waits for this turn, which waits for the enumeration: start it after the loop.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, white space, or longer than <c>ImageChatOptions.MaxMessageLength</c>.</exception>
    /// <exception cref="ImageChatException">Thrown by the enumeration when the turn failed; the history is as before it. Images it saved are on <see cref="ImageChatException.ImagesSavedBeforeFailure"/>.</exception>
    /// <exception cref="TurnCancelledException">Thrown by the enumeration when <paramref name="cancellationToken"/> was cancelled; the history is as before the turn. Images it saved are on <see cref="TurnCancelledException.ImagesSavedBeforeFailure"/>.</exception>
    IAsyncEnumerable<TurnUpdate> SendStreamingAsync(string message, CancellationToken cancellationToken = default);
}
