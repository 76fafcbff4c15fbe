using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The <see cref="FunctionInvokingChatClient.FunctionInvoker"/> ImageChat installs: closes the loop's gap on
/// arguments that are not valid JSON, which it would otherwise hide and run the function with no arguments.
/// </summary>
internal static class ToolCallInvoker
{
    public static ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        if (context.CallContent.Exception is { } parseError)
        {
            return new ValueTask<object?>(
                $"Error: the arguments of this {context.Function.Name} call are not valid JSON ({parseError.Message}). " +
                "Nothing was run. Call the tool again with a JSON object that matches its parameters.");
        }

        return context.Function.InvokeAsync(context.Arguments, cancellationToken);
    }
}
