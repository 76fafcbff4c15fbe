using System.Text.RegularExpressions;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.PromptBudget;

/// <summary>The o200k_base count of the seed's requests against the usage the API reported for them.</summary>
public sealed partial class PromptTokenCounterTests
{
    [Fact]
    public void Each_seed_request_counts_the_prompt_tokens_the_api_reported()
    {
        int[] reported = [.. SeedLog.Calls.Select(c => c.Response.GetProperty("usage").GetProperty("prompt_tokens").GetInt32())];

        int[] counted = [.. SeedRequests.Messages().Select(r => PromptTokenCounter.Count(r, SeedRequests.Options))];

        Assert.Equal(reported, counted);
        Assert.Equal(2784, counted.Sum());
    }

    [Fact]
    public void Compact_tool_results_cut_the_reference_conversation_by_more_than_a_fifth()
    {
        IReadOnlyList<IReadOnlyList<ChatMessage>> compact = SeedRequests.Messages(result => ImageChatOptions.FormatCompactImageToolResult(new ConversationImage
        {
            Id = "x",
            FileName = FileName().Match(result).Value,
            Location = "x",
            Description = "not repeated",
            MediaType = "image/png",
        }));

        int counted = compact.Sum(r => PromptTokenCounter.Count(r, SeedRequests.Options));

        Assert.Equal("Image generated successfully and saved to generated_a59b3623.png.", compact[1][^1].Contents.OfType<FunctionResultContent>().Single().Result);
        Assert.Equal(2183, counted);
        Assert.True(counted <= 0.8 * 2784, $"{counted} is more than 0.8 × 2784.");
    }

    [GeneratedRegex(@"generated_[0-9a-f]{8}\.png")]
    private static partial Regex FileName();
}
