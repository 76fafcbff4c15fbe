namespace ImageChat;

/// <summary>
/// The rule of the conversation stores' <c>SlidingExpiration</c>: none, or at least one millisecond (Redis's smallest
/// expiry). Compiled into each package that has a store (src/Shared).
/// </summary>
internal static class SlidingExpirationChecks
{
    /// <summary>Returns <paramref name="value"/>, or throws naming the <c>SlidingExpiration</c> option when it is under a millisecond.</summary>
    public static TimeSpan? Checked(TimeSpan? value)
    {
        if (value is { } expiration)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expiration, TimeSpan.FromMilliseconds(1), "SlidingExpiration");
        }

        return value;
    }
}
