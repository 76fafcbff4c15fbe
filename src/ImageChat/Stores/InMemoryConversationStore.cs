namespace ImageChat;

/// <summary>
/// The default <see cref="IConversationStore"/>: keeps conversations in this process's memory, as their JSON form, so
/// that a loaded state shares nothing with the conversation that saved it. Lost when the process ends; use the folder
/// store or Redis (package <c>ImageChat.Redis</c>) to keep conversations longer or share them between servers.
/// </summary>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Version, byte[] Json)> _conversations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ConversationState?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        byte[]? json;
        lock (_gate)
        {
            json = _conversations.TryGetValue(id, out (long Version, byte[] Json) stored) ? stored.Json : null;
        }

        return Task.FromResult(json is null ? null : ConversationStateSerializer.Deserialize(json));
    }

    /// <inheritdoc />
    public Task SaveAsync(ConversationState state, CancellationToken cancellationToken = default)
    {
        ConversationStoreChecks.ValidateForSave(state);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] json = ConversationStateSerializer.Serialize(state);
        lock (_gate)
        {
            long stored = _conversations.TryGetValue(state.Id, out (long Version, byte[] Json) current) ? current.Version : 0;
            if (stored != state.Version - 1)
            {
                throw new ConversationConcurrencyException(state.Id, state.Version - 1, stored);
            }

            _conversations[state.Id] = (state.Version, json);
        }

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
}
