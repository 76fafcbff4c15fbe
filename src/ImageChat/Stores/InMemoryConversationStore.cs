using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The default <see cref="IConversationStore"/>: keeps conversations in this process's memory. A state loaded from it
/// shares nothing with the one saved: it is read back from the state's JSON form, as from any other store. Lost when
/// the process ends; use the folder store or Redis (package <c>ImageChat.Redis</c>) to keep conversations longer or
/// share them between servers.
/// </summary>
/// <remarks>
/// ImageChat's own conversations save and catch up through an internal path that keeps the committed state as it is,
/// shared with the conversation that saved it (whose committed messages never change), so that a turn neither writes
/// nor reads JSON. What callers of <see cref="LoadAsync"/> and <see cref="SaveAsync"/> see is the same either way.
/// </remarks>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly Lock _gate = new();

    /// <summary>Each conversation's latest version: its JSON, saved through <see cref="SaveAsync"/>, or a committed state nobody changes.</summary>
    private readonly Dictionary<string, Stored> _conversations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ConversationState?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(id) is { } stored ? ConversationStateSerializer.Deserialize(stored.Json ?? ConversationStateSerializer.Serialize(stored.State!)) : null);
    }

    /// <inheritdoc />
    public Task SaveAsync(ConversationState state, CancellationToken cancellationToken = default)
    {
        ConversationStoreChecks.ValidateForSave(state);
        cancellationToken.ThrowIfCancellationRequested();
        Replace(state.Id, state.Version, new Stored(state.Version, ConversationStateSerializer.Serialize(state), null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_conversations.Remove(id));
        }
    }

    /// <summary>
    /// Returns the stored conversation when its version is above <paramref name="version"/>, for a conversation to adopt
    /// and never change: a committed state as saved, or new objects read from the JSON a caller saved.
    /// </summary>
    internal ConversationState? LoadNewer(string id, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Find(id) is { } stored && stored.Version > version
            ? stored.State ?? ConversationStateSerializer.Deserialize(stored.Json!)
            : null;
    }

    /// <summary>
    /// Saves a committed state as <see cref="SaveAsync"/> does, keeping the state itself: its messages are the committing
    /// conversation's, which never change them. Refuses what the JSON form cannot hold; only <paramref name="added"/>, the
    /// turn's messages, needs the check, the earlier ones passed it when they were added.
    /// </summary>
    internal void SaveCommitted(ConversationState state, IReadOnlyList<ChatMessage> added)
    {
        ConversationStoreChecks.ValidateForSave(state);
        ConversationStateSerializer.EnsureStorable(added);
        Replace(state.Id, state.Version, new Stored(state.Version, null, state));
    }

    private Stored? Find(string id)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(id, out Stored stored) ? stored : null;
        }
    }

    /// <summary>Stores version <paramref name="version"/> only over version <paramref name="version"/> - 1, in one step under the lock.</summary>
    private void Replace(string id, long version, Stored next)
    {
        lock (_gate)
        {
            long stored = _conversations.TryGetValue(id, out Stored current) ? current.Version : 0;
            if (stored != version - 1)
            {
                throw new ConversationConcurrencyException(id, version - 1, stored);
            }

            _conversations[id] = next;
        }
    }

    /// <summary>One stored version: exactly one of its JSON or a committed state.</summary>
    private readonly record struct Stored(long Version, byte[]? Json, ConversationState? State);
}
