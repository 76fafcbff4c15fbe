using System.Collections.Concurrent;

namespace ImageChat;

/// <summary>
/// The default <see cref="IImageChatClient"/>.
/// </summary>
internal sealed class ImageChatClient : IImageChatClient
{
    private const int MinimumSweepSize = 1024;

    private readonly ImageChatEngine _engine;

    /// <summary>The conversations by id, held weakly: an id is taken while its conversation can still run turns.</summary>
    private readonly ConcurrentDictionary<string, WeakReference<ImageChatConversation>> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _sweepGate = new();
    private int _sweepAt = MinimumSweepSize;

    public ImageChatClient(ImageChatEngine engine) => _engine = engine;

    /// <summary>Gets or sets what this client owns and disposes with itself: the services of a client built by <see cref="ImageChatBuilder"/>.</summary>
    internal IDisposable? OwnedServices { get; set; }

    public IImageChatConversation StartConversation(ConversationOptions? options = null)
    {
        _engine.ThrowIfDisposed();
        string id = options?.Id ?? Guid.CreateVersion7(_engine.TimeProvider.GetUtcNow()).ToString("N");
        ConversationIds.Validate(id, nameof(options));

        if (options?.ChatOptions?.Tools is { } tools)
        {
            ToolNames.EnsureValid(_engine.Tools.Tools, tools, nameof(options));
        }

        ImageChatConversation conversation = new(_engine, id, options?.SystemPrompt ?? _engine.Options.SystemPrompt, options?.ChatOptions);
        if (!TryRegister(conversation))
        {
            throw new ArgumentException(
                $"This client already has a conversation with the id '{id}'; ids must be unique per client (ConversationOptions.Id), as they name the call log.",
                nameof(options));
        }

        return conversation;
    }

    public async Task<IImageChatConversation> ResumeConversationAsync(ConversationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine.ThrowIfDisposed();
        if (options.Id is null)
        {
            throw new ArgumentException("Resuming needs the conversation's id (ConversationOptions.Id).", nameof(options));
        }

        ImageChatConversation conversation = TryGetLive(options.Id) ?? (ImageChatConversation)StartConversation(options);
        await conversation.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return conversation;
    }

    public async Task<IImageChatConversation?> GetConversationAsync(string id, CancellationToken cancellationToken = default)
    {
        _engine.ThrowIfDisposed();
        ConversationIds.Validate(id, nameof(id));
        if (TryGetLive(id) is { } live)
        {
            await live.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            return live;
        }

        return (await _engine.LoadNewerAsync(id, 0, cancellationToken).ConfigureAwait(false)).Newer is null
            ? null
            : await ResumeConversationAsync(new ConversationOptions { Id = id }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _engine.Dispose();
        OwnedServices?.Dispose();
    }

    private ImageChatConversation? TryGetLive(string id) =>
        _conversations.TryGetValue(id, out WeakReference<ImageChatConversation>? entry) && entry.TryGetTarget(out ImageChatConversation? live) ? live : null;

    /// <summary>
    /// Takes the conversation's id, refusing one a live conversation has: two would share a call log file and its call
    /// numbers. The id of a conversation nobody references any more is free again.
    /// </summary>
    private bool TryRegister(ImageChatConversation conversation)
    {
        WeakReference<ImageChatConversation> entry = new(conversation);
        while (!_conversations.TryAdd(conversation.Id, entry))
        {
            if (_conversations.TryGetValue(conversation.Id, out WeakReference<ImageChatConversation>? existing))
            {
                if (existing.TryGetTarget(out _))
                {
                    return false;
                }

                if (_conversations.TryUpdate(conversation.Id, entry, existing))
                {
                    break;
                }
            }
        }

        SweepWhenGrown();
        return true;
    }

    /// <summary>Forgets the ids of collected conversations whenever the table has doubled since the last sweep, so it stays proportional to the live ones.</summary>
    private void SweepWhenGrown()
    {
        if (_conversations.Count < Volatile.Read(ref _sweepAt))
        {
            return;
        }

        lock (_sweepGate)
        {
            foreach (KeyValuePair<string, WeakReference<ImageChatConversation>> pair in _conversations)
            {
                if (!pair.Value.TryGetTarget(out _))
                {
                    _conversations.TryRemove(pair); // Removes only this entry, never a newer one under the same id.
                }
            }

            Volatile.Write(ref _sweepAt, Math.Max(MinimumSweepSize, _conversations.Count * 2));
        }
    }
}
