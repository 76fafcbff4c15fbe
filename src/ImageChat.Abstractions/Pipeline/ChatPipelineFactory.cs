using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace ImageChat;

/// <summary>
/// Composes the chat pipeline, outermost first: function invocation → call tracking and telemetry → resilience → provider.
/// Retries sit below the loop, so a transient failure re-sends one model call and never re-runs a tool.
/// </summary>
internal static class ChatPipelineFactory
{
    public static IChatClient Create(IServiceProvider services)
    {
        IChatClient provider = services.GetKeyedService<IChatClient>(ImageChatServiceKeys.ChatModel)
            ?? throw new InvalidOperationException(
                "ImageChat has no chat model. Add a provider (for OpenAI: UseOpenAI()) or your own IChatClient with UseChatClient().");
        _ = services.GetService<ITextToImageGenerator>()
            ?? throw new InvalidOperationException(
                "ImageChat has no image generator. Add a provider (for OpenAI: UseOpenAI()) or your own ITextToImageGenerator with UseImageGenerator().");

        ImageChatOptions options = services.GetRequiredService<IOptions<ImageChatOptions>>().Value;
        ILoggerFactory loggerFactory = services.GetRequiredService<ILoggerFactory>();
        ResiliencePipelineProvider<string> pipelines = services.GetRequiredService<ResiliencePipelineProvider<string>>();

        return new ChatClientBuilder(provider)
            .UseFunctionInvocation(loggerFactory, loop =>
            {
                loop.MaximumIterationsPerRequest = options.MaxToolRoundsPerTurn;
                loop.FunctionInvoker = ToolCallInvoker.InvokeAsync;
            })
            .Use((inner, sp) => new ModelCallTrackingChatClient(inner, sp.GetServices<ICallLogSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ModelCallTrackingChatClient>>()))
            .Use(inner => new ResilientChatClient(inner, pipelines.GetPipeline(ImageChatResilienceKeys.Chat)))
            .Build(services);
    }
}
