using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Token counts of one or more model calls.
/// </summary>
/// <param name="InputTokens">Tokens sent to the model (the prompt).</param>
/// <param name="OutputTokens">Tokens the model produced (the completion, or the image).</param>
/// <param name="CachedInputTokens">Input tokens the provider served from its prompt cache; a part of <paramref name="InputTokens"/>.</param>
public sealed record TokenUsage(long InputTokens, long OutputTokens, long CachedInputTokens = 0)
{
    /// <summary>No tokens.</summary>
    public static TokenUsage Zero { get; } = new(0, 0);

    /// <summary>Gets <see cref="InputTokens"/> plus <see cref="OutputTokens"/>.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Adds two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum, counter by counter.</returns>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);

        // Usages are immutable: adding nothing returns the other one instead of a copy (every call and image adds one).
        if (right.IsZero)
        {
            return left;
        }

        if (left.IsZero)
        {
            return right;
        }

        return new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens, left.CachedInputTokens + right.CachedInputTokens);
    }

    /// <summary>Adds two usages; the named alternative of <c>operator +</c>.</summary>
    /// <param name="other">The usage to add.</param>
    /// <returns>The sum, counter by counter.</returns>
    public TokenUsage Add(TokenUsage other) => this + other;

    /// <summary>Reads the counters of a Microsoft.Extensions.AI <see cref="UsageDetails"/>; missing counters count as zero.</summary>
    /// <param name="usage">The usage a chat client reported, or <see langword="null"/>.</param>
    /// <returns>The usage, or <see cref="Zero"/> when <paramref name="usage"/> is <see langword="null"/>.</returns>
    public static TokenUsage From(UsageDetails? usage) =>
        usage is null ? Zero : new(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0);

    private bool IsZero => InputTokens == 0 && OutputTokens == 0 && CachedInputTokens == 0;

    /// <inheritdoc />
    public override string ToString() => $"{InputTokens} prompt + {OutputTokens} completion = {TotalTokens} total";
}
