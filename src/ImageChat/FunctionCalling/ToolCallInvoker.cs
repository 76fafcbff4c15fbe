using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ImageChat;

/// <summary>
/// The <see cref="FunctionInvokingChatClient.FunctionInvoker"/> ImageChat installs: reports each tool call to a streamed
/// turn as it starts, and closes the loop's gap on arguments that are not valid JSON, which it would otherwise hide and
/// run the function with no arguments.
/// </summary>
internal sealed class ToolCallInvoker(ILogger<ToolCallInvoker> logger)
{
    public async ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        string callId = context.CallContent.CallId;
        if (TurnContext.Current is { } turn)
        {
            await turn.ReportAsync(
                new ToolCallStarted { CallId = callId, ToolName = context.Function.Name, Arguments = CallLogFormatter.ArgumentsText(context.CallContent) },
                cancellationToken).ConfigureAwait(false);
        }

        if (context.CallContent.Exception is { } parseError)
        {
            Log.InvalidArguments(logger, context.Function.Name, callId, parseError.Message);
            return $"Error: the arguments of this {context.Function.Name} call are not valid JSON ({parseError.Message}). " +
                "Nothing was run. Call the tool again with a JSON object that matches its parameters.";
        }

        Log.ToolInvoking(logger, context.Function.Name, callId);
        object? result = await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            string exchange = CallLogFormatter.FormatMessages(
                [new ChatMessage(ChatRole.Assistant, [context.CallContent]), new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, result)])]);
            Log.ToolInvoked(logger, context.Function.Name, callId, exchange);
        }

        return result;
    }
}
