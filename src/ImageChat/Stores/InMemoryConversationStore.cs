using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The default <see cref="IConversationStore"/>: keeps conversations in this process's memory. A state loaded from it
/// shares nothing with the one saved: it is read back from the state's JSON form, as from any other store. Lost when
/// the process ends; use the folder store or Redis (package <c>ImageChat.Redis</c>) to keep conversations longer or
/// share them between servers.
/// </summary>
/// <remarks>
/// <para>
/// Conversations are kept until they are deleted, unless <see cref="SlidingExpiration"/> is set: a long-running app
/// that never deletes its conversations should set it, since each one holds its whole history in memory.
/// </para>
/// <para>
/// ImageChat's own conversations save and catch up through an internal path that keeps the committed state as it is,
/// shared with the conversation that saved it (whose committed messages never change), so that a turn neither writes
/// nor reads JSON. What callers of <see cref="LoadAsync"/> and <see cref="SaveAsync"/> see is the same either way.
/// </para>
/// </remarks>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly Lock _gate = new();

    /// <summary>Each conversation's latest version: its JSON, saved through <see cref="SaveAsync"/>, or a committed state nobody changes.</summary>
    private readonly Dictionary<string, Stored> _conversations = new(StringComparer.Ordinal);

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan? _slidingExpiration;

    /// <summary>When a call last looked for expired conversations to let go, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    private long _lastSweep;

    /// <summary>Initializes a new instance of the <see cref="InMemoryConversationStore"/> class.</summary>
    /// <param name="timeProvider">The clock of <see cref="SlidingExpiration"/>; <see langword="null"/> for the system clock.</param>
    public InMemoryConversationStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// Gets how long an unused conversation is kept: each load and save starts the time again. An expired conversation
    /// loads as <see langword="null"/> at once, and a later call of the store lets its memory go, at most twice the
    /// expiration after its last use. <see langword="null"/> (the default) keeps conversations until they are deleted.
    /// </summary>
    /// <remarks>
    /// A conversation object the app still holds when its stored state expired starts over at its next turn, with an
    /// empty history, as it does after an expiry in Redis or a deletion.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than one millisecond.</exception>
    public TimeSpan? SlidingExpiration
    {
        get => _slidingExpiration;
        init => _slidingExpiration = SlidingExpirationChecks.Checked(value);
    }

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
        Replace(state.Id, state.Version, ConversationStateSerializer.Serialize(state), null);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_conversations.Remove(id, out Stored stored) && !IsExpired(stored, _timeProvider.GetTimestamp()));
        }
    }

    /// <summary>
    /// Returns the stored conversation when its version is above <paramref name="version"/>, for a conversation to adopt
    /// and never change: a committed state as saved, or new objects read from the JSON a caller saved.
    /// Also tells whether the store holds any version of it (it may have been deleted or have expired).
    /// </summary>
    internal StoredConversation LoadNewer(string id, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Stored? found = Find(id);
        return new StoredConversation(
            found is { } stored && stored.Version > version ? stored.State ?? ConversationStateSerializer.Deserialize(stored.Json!) : null,
            IsStored: found is not null);
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
        Replace(state.Id, state.Version, null, state);
    }

    /// <summary>The stored conversation, unless it has expired; finding it starts its expiration again.</summary>
    private Stored? Find(string id)
    {
        lock (_gate)
        {
            long now = SweepIfDue();
            ref Stored stored = ref CollectionsMarshal.GetValueRefOrNullRef(_conversations, id);
            if (Unsafe.IsNullRef(ref stored))
            {
                return null;
            }

            if (IsExpired(stored, now))
            {
                _conversations.Remove(id);
                return null;
            }

            stored = stored with { LastUsed = now };
            return stored;
        }
    }

    /// <summary>Stores version <paramref name="version"/> only over version <paramref name="version"/> - 1, in one step under the lock.</summary>
    private void Replace(string id, long version, byte[]? json, ConversationState? state)
    {
        lock (_gate)
        {
            long now = SweepIfDue();
            long stored = _conversations.TryGetValue(id, out Stored current) && !IsExpired(current, now) ? current.Version : 0;
            if (stored != version - 1)
            {
                throw new ConversationConcurrencyException(id, version - 1, stored);
            }

            _conversations[id] = new Stored(version, json, state, now);
        }
    }

    private bool IsExpired(Stored stored, long now) =>
        _slidingExpiration is { } expiration && _timeProvider.GetElapsedTime(stored.LastUsed, now) >= expiration;

    /// <summary>
    /// Lets go of every expired conversation, at most once per <see cref="SlidingExpiration"/>, so that conversations
    /// nobody asks for again do not stay in memory; one is let go at most twice its expiration after its last use.
    /// Called under the lock; returns the current timestamp.
    /// </summary>
    private long SweepIfDue()
    {
        long now = _timeProvider.GetTimestamp();
        if (_slidingExpiration is not { } expiration || _timeProvider.GetElapsedTime(_lastSweep, now) < expiration)
        {
            return now;
        }

        _lastSweep = now;
        foreach ((string id, Stored stored) in _conversations)
        {
            if (IsExpired(stored, now))
            {
                _conversations.Remove(id); // Removing while enumerating is allowed for Dictionary.
            }
        }

        return now;
    }

    /// <summary>One stored version: exactly one of its JSON or a committed state, and when it was last loaded or saved.</summary>
    private readonly record struct Stored(long Version, byte[]? Json, ConversationState? State, long LastUsed);
}
