using StackExchange.Redis;

namespace ImageChat;

/// <summary>
/// An <see cref="IConversationStore"/> in Redis: each conversation is a hash (<c>version</c>, <c>state</c> as JSON) under
/// <c>&lt;prefix&gt;&lt;id&gt;</c>. A save checks the version and writes in one Lua script, so two servers saving the same
/// conversation at once cannot both succeed.
/// </summary>
internal sealed class RedisConversationStore : IConversationStore, IAsyncDisposable, IDisposable
{
    // KEYS[1] the conversation; ARGV: expected version, new version, state JSON, expiration in ms (0: none).
    // Returns -1 when saved, else the stored version (0: none).
    private const string SaveScript = """
        local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if stored ~= tonumber(ARGV[1]) then
          return stored
        end
        redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
        if tonumber(ARGV[4]) > 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
        else
          redis.call('PERSIST', KEYS[1])
        end
        return -1
        """;

    // KEYS[1] the conversation; ARGV[1] expiration in ms (0: none). Returns the state JSON or nil, sliding the expiration.
    private const string LoadScript = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if state and tonumber(ARGV[1]) > 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return state
        """;

    private readonly RedisConversationStoreOptions _options;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public RedisConversationStore(RedisConversationStoreOptions options)
    {
        _options = options;
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            throw new InvalidOperationException(
                "The Redis conversation store needs a StackExchange.Redis configuration string: set ImageChat:ConversationStore:Redis or RedisConversationStoreOptions.Configuration (for example 127.0.0.1:6379).");
        }
    }

    public async Task<ConversationState?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        IDatabase database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult result = await database.ScriptEvaluateAsync(LoadScript, [Key(id)], [ExpirationMilliseconds]).ConfigureAwait(false);
        return result.IsNull ? null : ConversationStateSerializer.Deserialize((byte[])result!);
    }

    public async Task SaveAsync(ConversationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(state.Id, nameof(state));
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Version, 1, nameof(state));
        byte[] json = ConversationStateSerializer.Serialize(state);
        IDatabase database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        RedisResult result = await database.ScriptEvaluateAsync(
            SaveScript,
            [Key(state.Id)],
            [state.Version - 1, state.Version, json, ExpirationMilliseconds]).ConfigureAwait(false);
        long stored = (long)result;
        if (stored != -1)
        {
            throw new ConversationConcurrencyException(state.Id, state.Version - 1, stored);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        IDatabase database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await database.KeyDeleteAsync(Key(id)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connectGate.Dispose();
    }

    private long ExpirationMilliseconds => (long)(_options.SlidingExpiration?.TotalMilliseconds ?? 0);

    private RedisKey Key(string id) => new RedisKey(_options.KeyPrefix).Append(id);

    private async ValueTask<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connection) is { } connection)
        {
            return connection.GetDatabase();
        }

        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await ConnectionMultiplexer.ConnectAsync(_options.Configuration!).ConfigureAwait(false);
            return _connection.GetDatabase();
        }
        finally
        {
            _connectGate.Release();
        }
    }
}
