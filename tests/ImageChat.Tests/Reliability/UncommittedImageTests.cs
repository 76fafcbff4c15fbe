using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 3: every image a turn saved and did not commit is reported, on the exception and on the conversation.</summary>
public sealed class UncommittedImageTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancelled_turn_reports_the_image_it_saved_on_a_TurnCancelledException_and_on_the_conversation(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        TaskCompletionSource answering = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.ChatCallsTheImageTool().ImageIsMade();
        harness.Server.EnqueueChat(harness.Server.Hang(answering));
        using CancellationTokenSource cancel = new();

        Task<ChatTurnResult> turn = conversation.RunTurnAsync(SeedLog.UserMessages[0], streamed, cancel.Token);
        await answering.Task;
        await cancel.CancelAsync();
        TurnCancelledException cancelled = await Assert.ThrowsAsync<TurnCancelledException>(() => turn);

        Assert.Equal(cancel.Token, cancelled.CancellationToken);
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled.InnerException);
        ConversationImage saved = Assert.Single(cancelled.ImagesSavedBeforeFailure);
        Assert.True(File.Exists(saved.Location));
        Assert.Equal([saved], conversation.UncommittedImages);
        Assert.Empty(conversation.Images);
        Assert.Equal([ChatRole.System], conversation.History.Select(m => m.Role));
        Assert.Equal(1, conversation.Usage.ImageCount);
        await harness.AssertNextTurnSucceedsAsync(conversation);
        Assert.Equal([saved], conversation.UncommittedImages);
    }

    [Fact]
    public async Task A_streamed_turn_abandoned_after_its_image_lists_the_image_on_the_conversation()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.PictureTurnSucceeds();

        ImageSaved? announced = null;
        await foreach (TurnUpdate update in conversation.SendStreamingAsync(SeedLog.UserMessages[0]))
        {
            if (update is ImageSaved saved)
            {
                announced = saved;
                break;
            }
        }

        ConversationImage image = Assert.Single(conversation.UncommittedImages);
        Assert.Equal(announced!.Image, image);
        Assert.True(File.Exists(image.Location));
        Assert.Empty(conversation.Images);
        Assert.Single(conversation.History);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_raw_exception_from_a_custom_tool_becomes_an_ImageChatException_that_lists_the_image_saved_before_it(bool streamed)
    {
        InvalidOperationException broken = new("The weather service is down.");
        AIFunction weather = AIFunctionFactory.Create(string () => throw broken, "get_weather");
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.AddTool(weather));
        IImageChatConversation conversation = harness.Client.StartConversation();
        // The image and the weather in one response, then the weather again until the loop gives up (three failed rounds are retried).
        harness.Server.EnqueueCompletion(ChatCompletions.ToolCalls(
            ("call_image", ImageChatDefaults.ImageToolName, """{"description":"A sunny beach."}"""),
            ("call_weather_1", "get_weather", "{}")));
        harness.ImageIsMade();
        for (int i = 2; i <= 4; i++)
        {
            harness.Server.EnqueueCompletion(ChatCompletions.ToolCalls(($"call_weather_{i}", "get_weather", "{}")));
        }

        ImageChatException failure = await Assert.ThrowsAsync<ImageChatException>(() => conversation.RunTurnAsync("draw the beach and tell me the weather", streamed));

        Assert.Same(broken, failure.InnerException);
        Assert.StartsWith("The turn failed: The weather service is down.", failure.Message, StringComparison.Ordinal);
        ConversationImage saved = Assert.Single(failure.ImagesSavedBeforeFailure);
        Assert.Equal("A sunny beach.", saved.Description);
        Assert.True(File.Exists(saved.Location));
        Assert.Equal([saved], conversation.UncommittedImages);
        Assert.Empty(conversation.Images);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }
}
