using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace ImageChat;

/// <summary>
/// Composes the chat pipeline, outermost first: function invocation → prompt budget (when set) → vision (when on) → the
/// app's middleware → telemetry → call tracking → resilience → provider.
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
        ImageChatInstrumentation instrumentation = services.GetRequiredService<ImageChatInstrumentation>();
        ToolCallInvoker tools = new(loggerFactory.CreateLogger<ToolCallInvoker>());

        ChatClientBuilder pipeline = new ChatClientBuilder(provider)
            .UseFunctionInvocation(loggerFactory, loop =>
            {
                loop.MaximumIterationsPerRequest = options.MaxToolRoundsPerTurn;

                // The loop runs a response's calls at once and keeps their results in call order; the invoker bounds how many.
                loop.AllowConcurrentInvocation = options.MaxConcurrentToolCalls > 1;
                loop.FunctionInvoker = tools.InvokeAsync;
            })
            // Below the loop: every request of a turn is fitted to the budget, and the call log records what was sent.
            .Use(inner => options.MaxPromptTokens is { } budget ? new PromptBudgetChatClient(inner, budget, loggerFactory.CreateLogger<PromptBudgetChatClient>()) : inner)
            // Below the budget, which counts text: the image joins the request as sent, retries re-send it, the log notes it.
            .Use((inner, sp) => sp.GetRequiredService<IOptions<ImageVisionOptions>>().Value is { Mode: not ImageVisionMode.None } vision
                ? new ImageVisionChatClient(inner, vision, sp.GetRequiredService<IImageStore>(), sp.GetRequiredService<ILogger<ImageVisionChatClient>>())
                : inner);

        // The app's own middleware (ConfigureChatPipeline) sits above the call log, so that the log shows what was sent.
        foreach (ChatPipelineConfiguration configuration in services.GetServices<ChatPipelineConfiguration>())
        {
            configuration.Configure(pipeline);
        }

        return pipeline
            // Right below the loop: one gen_ai "chat" span per model call, retries hidden; the loop finds this source
            // through GetService<ActivitySource>() and puts its execute_tool spans under it too.
            // No logger: its only record below Trace repeats a failed call's exception, which the turn's failure logs once.
            // Skipped for calls nobody observes (see ObservedTelemetryChatClient).
            .Use(inner => new ObservedTelemetryChatClient(inner, ImageChatTelemetry.SourceName, instrumentation.EnableSensitiveData))
            .Use((inner, sp) => new ModelCallTrackingChatClient(inner, sp.GetServices<ICallLogSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ModelCallTrackingChatClient>>()))
            .Use(inner => new ResilientChatClient(inner, pipelines.GetPipeline(ImageChatResilienceKeys.Chat), services.GetRequiredService<ModelFailureTranslator>()))
            .Build(services);
    }
}
