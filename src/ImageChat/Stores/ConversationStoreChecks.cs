namespace ImageChat;

/// <summary>Argument checks every built-in store makes before a save.</summary>
internal static class ConversationStoreChecks
{
    public static void ValidateForSave(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(state.Id, nameof(state));
        if (state.Version < 1)
        {
            throw new ArgumentException($"A saved state has version 1 or more; conversation '{state.Id}' has version {state.Version}.", nameof(state));
        }
    }
}
