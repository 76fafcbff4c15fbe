namespace ImageChat;

/// <summary>
/// What a turn or a conversation consumed: chat tokens, image tokens, images and model calls.
/// </summary>
/// <param name="Chat">Tokens of the chat model, summed over its calls.</param>
/// <param name="ImageTokens">Tokens of the image model where its API reports them (gpt-image-1 does, dall-e-3 does not).</param>
/// <param name="ImageCount">How many images were generated and saved.</param>
/// <param name="ModelCallCount">How many chat-model calls were made.</param>
public sealed record UsageSummary(TokenUsage Chat, TokenUsage ImageTokens, int ImageCount, int ModelCallCount)
{
    /// <summary>Nothing consumed.</summary>
    public static UsageSummary Empty { get; } = new(TokenUsage.Zero, TokenUsage.Zero, 0, 0);

    /// <summary>Adds two summaries.</summary>
    /// <param name="left">The first summary.</param>
    /// <param name="right">The second summary.</param>
    /// <returns>The sum, counter by counter.</returns>
    public static UsageSummary operator +(UsageSummary left, UsageSummary right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);

        // Summaries are immutable: adding nothing returns the other one instead of a copy.
        if (right.IsEmpty)
        {
            return left;
        }

        if (left.IsEmpty)
        {
            return right;
        }

        return new(left.Chat + right.Chat, left.ImageTokens + right.ImageTokens, left.ImageCount + right.ImageCount, left.ModelCallCount + right.ModelCallCount);
    }

    private bool IsEmpty => ImageCount == 0 && ModelCallCount == 0 && Chat.TotalTokens == 0 && Chat.CachedInputTokens == 0 && ImageTokens.TotalTokens == 0 && ImageTokens.CachedInputTokens == 0;

    /// <summary>Adds two summaries; the named alternative of <c>operator +</c>.</summary>
    /// <param name="other">The summary to add.</param>
    /// <returns>The sum, counter by counter.</returns>
    public UsageSummary Add(UsageSummary other) => this + other;
}
