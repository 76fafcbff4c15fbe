using Microsoft.Extensions.Hosting;

namespace ImageChat.HostedSample;

/// <summary>
/// Runs one conversation with the configured messages, prints each reply with its images and usage, and stops the
/// application. A failed turn is printed (the conversation is as it was before it) and ends the run with exit code 1.
/// </summary>
public sealed class ConversationRunner(IImageChatClient client, IReadOnlyList<string> messages, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>The process exit code once the application has stopped: 0 when every turn succeeded, 1 otherwise.</summary>
    public int ExitCode { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (messages.Count == 0)
            {
                ExitCode = 1;
                await Console.Out.WriteLineAsync($"No messages: pass them as arguments or set {HostedSampleSetup.MessagesKey} in appsettings.json.").ConfigureAwait(false);
                return;
            }

            IImageChatConversation conversation = client.StartConversation();
            foreach (string message in messages)
            {
                await Console.Out.WriteLineAsync($"you> {message}").ConfigureAwait(false);
                ChatTurnResult turn;
                try
                {
                    turn = await conversation.SendAsync(message, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ImageChatException or ArgumentException)
                {
                    ExitCode = 1;
                    await Console.Out.WriteLineAsync($"error> {ex.Message}").ConfigureAwait(false);
                    return;
                }

                await Console.Out.WriteLineAsync($"assistant> {turn.Text}").ConfigureAwait(false);
                foreach (ConversationImage image in turn.Images)
                {
                    await Console.Out.WriteLineAsync($"  image saved: {image.Location}").ConfigureAwait(false);
                }
            }

            UsageSummary usage = conversation.Usage;
            await Console.Out.WriteLineAsync($"Conversation {conversation.Id}: {usage.ModelCallCount} model call(s), {usage.Chat}, {usage.ImageCount} image(s).").ConfigureAwait(false);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
