using System.Text.Json;
using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 4: a turn asks the image model for at most <see cref="ImageChatOptions.MaxImagesPerTurn"/> images.</summary>
public sealed class ImageLimitTests
{
    private const string LimitOfFour = "Error: image not generated: the limit of 4 images per turn was reached. Tell the user which images were made and that they can ask for more in their next message.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Calls_beyond_the_default_limit_of_four_in_one_response_are_answered_and_cost_nothing(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.ToolCalls([.. Enumerable.Range(1, 6).Select(i =>
            ($"call_{i}", ImageChatDefaults.ImageToolName, JsonSerializer.Serialize(new { description = $"Owl number {i}." })))]));
        for (int i = 0; i < 6; i++)
        {
            harness.ImageIsMade(); // Scripted for all six: only the cap keeps the last two from being made.
        }

        harness.ChatAnswersAfterTheTool("Here are four owls.");

        ChatTurnResult turn = await conversation.RunTurnAsync("draw six owls", streamed);

        Assert.Equal(ImageChatOptions.DefaultMaxImagesPerTurn, harness.Server.ImageRequests.Count);
        Assert.Equal(4, turn.Images.Count);
        Assert.Equal(4, turn.Usage.ImageCount);
        Assert.Equal(4, harness.SavedFiles);
        string[] results = ToolResultsSentIn(harness, 1);
        Assert.Equal(6, results.Length);
        Assert.Equal(2, results.Count(r => r == LimitOfFour));
        Assert.Equal(4, results.Count(r => r.StartsWith("Image generated successfully", StringComparison.Ordinal)));
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_the_image_tool_gets_the_configured_limit_per_turn_and_the_next_turn_a_new_one()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.Configure(o => o.MaxImagesPerTurn = 2));
        IImageChatConversation conversation = harness.Client.StartConversation();
        for (int i = 1; i <= 3; i++)
        {
            harness.Server.EnqueueCompletion(ChatCompletions.ImageCall($"call_{i}"));
        }

        harness.ImageIsMade().ImageIsMade().ImageIsMade().ChatAnswersAfterTheTool("Two worms."); // The third image is left for the next turn.

        ChatTurnResult turn = await conversation.SendAsync("draw worms forever");

        Assert.Equal(2, harness.Server.ImageRequests.Count);
        Assert.Equal(2, turn.Images.Count);
        Assert.Equal(
            "Error: image not generated: the limit of 2 images per turn was reached. Tell the user which images were made and that they can ask for more in their next message.",
            harness.ToolResultSentIn(3));

        harness.Server.EnqueueCompletion(ChatCompletions.ImageCall("call_4"));
        harness.ChatAnswersAfterTheTool("One more worm.");
        ChatTurnResult next = await conversation.SendAsync("one more");

        Assert.Single(next.Images);
        Assert.Equal(3, harness.Server.ImageRequests.Count);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task A_refused_image_gives_its_slot_back()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.Configure(o => o.MaxImagesPerTurn = 1));
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.ImageCall("call_1", "Something the safety system refuses."));
        harness.Server.EnqueueImage(ResilienceHarness.Error(400, "content_policy_violation", "Your request was rejected by the safety system."));
        harness.Server.EnqueueCompletion(ChatCompletions.ImageCall("call_2", "A harmless worm."));
        harness.ImageIsMade().ChatAnswersAfterTheTool("Here is a harmless worm.");

        ChatTurnResult turn = await conversation.SendAsync("draw something");

        Assert.Single(turn.Images);
        Assert.Equal(2, harness.Server.ImageRequests.Count);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    private static string[] ToolResultsSentIn(ResilienceHarness harness, int chatRequest) =>
        [.. harness.Server.ChatRequests[chatRequest].Json.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool")
            .Select(m => m.GetProperty("content").GetString()!)];
}
