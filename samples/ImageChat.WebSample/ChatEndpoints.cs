using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageChat.WebSample;

/// <summary>
/// The page's API: start a conversation, read one back (a reload), send a message and get the turn as server-sent
/// events, and the conversation's images, served by file name from this conversation only.
/// </summary>
public static class ChatEndpoints
{
    /// <summary>Maps the endpoints under <c>/api/conversations</c>.</summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        RouteGroupBuilder api = endpoints.MapGroup("/api/conversations");
        api.MapPost("/", (ChatSessions sessions) => TypedResults.Ok(ConversationView.Of(sessions.Start().Conversation)));
        api.MapGet("/{id}", async (string id, ChatSessions sessions, CancellationToken cancellationToken) =>
            await sessions.FindAsync(id, cancellationToken) is { } session ? Results.Ok(ConversationView.Of(session.Conversation)) : NotFound(id));
        api.MapPost("/{id}/messages", SendMessageAsync);
        api.MapGet("/{id}/images/{fileName}", async (string id, string fileName, ChatSessions sessions, CancellationToken cancellationToken) =>
            (await sessions.FindAsync(id, cancellationToken))?.FindImage(fileName) is { } image && File.Exists(image.Location)
                ? Results.File(image.Location, image.MediaType)
                : Results.NotFound(new ErrorView($"Conversation '{id}' has no image '{fileName}'.")));
        return endpoints;
    }

    private static async Task<IResult> SendMessageAsync(
        string id,
        MessageRequest? request,
        ChatSessions sessions,
        IOptions<ImageChatOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await sessions.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } session)
        {
            return NotFound(id);
        }

        string text = request?.Text?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return Results.BadRequest(new ErrorView("Type a message first."));
        }

        // The engine refuses it too; checked here so that the page gets a 400 rather than a failed turn.
        int limit = options.Value.MaxMessageLength;
        if (text.Length > limit)
        {
            return Results.BadRequest(new ErrorView($"The message is {text.Length} characters long; the limit is {limit} (ImageChat:MaxMessageLength). Shorten it and send again."));
        }

        if (!session.TryBeginTurn())
        {
            return Results.Conflict(new ErrorView("This conversation is still answering the previous message; wait for the reply, then send again."));
        }

        ILogger logger = loggers.CreateLogger(typeof(ChatEndpoints));
        return TypedResults.ServerSentEvents(RunTurnAsync(session, text, logger, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> RunTurnAsync(
        ChatSession session,
        string text,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IImageChatConversation conversation = session.Conversation;
        try
        {
            yield return Event("status", new Events.Status("Thinking…"), WebSampleJsonContext.Default.Status);

            // Stopping early (the page closed) cancels the turn, which then leaves the history as it was.
            IAsyncEnumerator<TurnUpdate> updates = conversation.SendStreamingAsync(text, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (updates.ConfigureAwait(false))
            {
                while (true)
                {
                    string? failure;
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }

                        failure = null;
                    }
                    catch (Exception ex) when (ex is ImageChatException or ArgumentException)
                    {
                        // ImageChat's messages say what failed and what to do, and carry no secrets.
                        Log.TurnFailed(logger, conversation.Id, ex);
                        failure = ex is ArgumentException { ParamName: { } parameter }
                            ? ex.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
                            : ex.Message;
                    }
#pragma warning disable CA1031 // Anything else is reported without its details (they are in the log), never as a stack trace.
                    catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                    {
                        Log.TurnFailed(logger, conversation.Id, ex);
                        failure = "Something went wrong on the server; the details are in its log. The conversation is as it was: send again.";
                    }

                    if (failure is not null)
                    {
                        yield return Event("error", new Events.TurnFailed(failure), WebSampleJsonContext.Default.TurnFailed);
                        yield break;
                    }

                    if (ToEvent(session, updates.Current) is { } item)
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            session.EndTurn();
        }
    }

    private static SseItem<string>? ToEvent(ChatSession session, TurnUpdate update)
    {
        string id = session.Conversation.Id;
        switch (update)
        {
            case TextDelta delta:
                return Event("delta", new Events.Delta(delta.Text), WebSampleJsonContext.Default.Delta);
            case ImageGenerationStarted started:
                return Event("image-started", new Events.ImageStarted(started.CallId, started.Description), WebSampleJsonContext.Default.ImageStarted);
            case ImagePreview preview:
                string dataUrl = $"data:{preview.MediaType};base64,{Convert.ToBase64String(preview.Data.Span)}";
                return Event("image-preview", new Events.ImagePreview(preview.CallId, dataUrl), WebSampleJsonContext.Default.ImagePreview);
            case ImageSaved saved:
                session.AddTurnImage(saved.Image); // served before the turn commits, so that the page can show it now
                return Event("image", new Events.ImageSaved(saved.CallId, ConversationView.Image(id, saved.Image)), WebSampleJsonContext.Default.ImageSaved);
            case TurnCompleted completed:
                ChatTurnResult result = completed.Result;
                MessageView reply = ConversationView.Reply(id, result.Text, result.Images, session.Conversation.Images);
                return Event("done", new Events.Done(reply), WebSampleJsonContext.Default.Done);
            default:
                return null; // ToolCallStarted: the page shows the image's own progress instead.
        }
    }

    private static SseItem<string> Event<T>(string name, T payload, JsonTypeInfo<T> type) => new(JsonSerializer.Serialize(payload, type), name);

    private static IResult NotFound(string id) =>
        Results.NotFound(new ErrorView($"There is no conversation '{id}' (it may have ended when the server restarted). Start a new conversation."));
}
