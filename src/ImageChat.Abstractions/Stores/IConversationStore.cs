namespace ImageChat;

/// <summary>
/// Keeps conversations between turns, so that they outlive the process and can be continued by another server.
/// Saves are optimistic: a save names the version it replaces and fails when the stored one is another.
/// </summary>
/// <remarks>
/// ImageChat ships an in-memory store (the default), a folder store and, in the <c>ImageChat.Redis</c> package, a Redis
/// store. A store of your own can write <see cref="ConversationStateSerializer"/>'s JSON wherever it likes; it must make
/// the version check and the write one atomic step.
/// </remarks>
public interface IConversationStore
{
    /// <summary>Loads a conversation.</summary>
    /// <param name="id">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The stored state, or <see langword="null"/> when the store has no conversation with that id.</returns>
    Task<ConversationState?> LoadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves <paramref name="state"/> as version <see cref="ConversationState.Version"/>, if and only if the stored version
    /// is the one before it (version 1 is saved only where nothing is stored). The check and the write are one atomic step.
    /// </summary>
    /// <param name="state">The state to save; its <see cref="ConversationState.Version"/> is at least 1.</param>
    /// <param name="cancellationToken">Cancels the save; the stored state is then either the old or the new one, never a mix.</param>
    /// <returns>A task that completes when the state is stored.</returns>
    /// <exception cref="ConversationConcurrencyException">The stored version is not <c>state.Version - 1</c>; nothing was written.</exception>
    Task SaveAsync(ConversationState state, CancellationToken cancellationToken = default);

    /// <summary>Deletes a conversation.</summary>
    /// <param name="id">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns><see langword="true"/> when a conversation was deleted, <see langword="false"/> when none was stored.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
