using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ImageChat;

/// <summary>
/// The <see cref="FunctionInvokingChatClient.FunctionInvoker"/> ImageChat installs: bounds how many calls of a turn run
/// at once, reports each tool call to a streamed turn as it starts, and closes the loop's gap on arguments that are not
/// valid JSON, which it would otherwise hide and run the function with no arguments.
/// </summary>
/// <remarks>
/// The loop itself runs the calls of one response concurrently (<see cref="FunctionInvokingChatClient.AllowConcurrentInvocation"/>),
/// catches each call's failure on its own and keeps results in call order. It starts every call at once, so the bound
/// is here: calls wait for the turn's <see cref="TurnContext.ToolCallGate"/>, first called first served.
/// </remarks>
internal sealed class ToolCallInvoker(ILogger<ToolCallInvoker> logger)
{
    public async ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        TurnContext? turn = TurnContext.Current;
        if (turn is null)
        {
            return await InvokeCoreAsync(null, context, cancellationToken).ConfigureAwait(false);
        }

        await turn.ToolCallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InvokeCoreAsync(turn, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.ToolCallGate.Release();
        }
    }

    private async ValueTask<object?> InvokeCoreAsync(TurnContext? turn, FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        string callId = context.CallContent.CallId;
        if (turn is { IsStreaming: true }) // Nobody reads the update of a turn that does not stream: not even made.
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
