using ImageChat.Samples.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImageChat.HostedSample;

/// <summary>
/// The hosted sample's wiring, the part an application copies: ImageChat from the <c>ImageChat</c> configuration
/// section (appsettings.json, user secrets in Development, <c>ImageChat__…</c> environment variables, the command line),
/// OpenAI when an API key is configured and the offline demo models otherwise, OpenTelemetry exporting ImageChat's traces
/// and metrics to the console, and a hosted service that runs one conversation and stops the application.
/// </summary>
public static class HostedSampleSetup
{
    /// <summary>The configuration key of the messages sent when none are given as arguments.</summary>
    public const string MessagesKey = "Sample:Messages";

    /// <summary>Adds the sample's services to a host builder whose configuration sources are all in place.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="args">The command-line arguments: the messages to send (arguments that start with <c>--</c> are configuration).</param>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder AddHostedSample(this HostApplicationBuilder builder, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);

        builder.Services
            .AddImageChat(builder.Configuration.GetSection(ImageChatDefaults.ConfigurationSectionName))
            .UseOpenAIOrDemo(builder.Configuration);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing.AddSource(ImageChatTelemetry.SourceName).AddConsoleExporter())
            .WithMetrics(metrics => metrics.AddMeter(ImageChatTelemetry.MeterName).AddConsoleExporter());

        string[] messages = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
        if (messages.Length == 0)
        {
            messages = builder.Configuration.GetSection(MessagesKey).Get<string[]>() ?? [];
        }

        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConversationRunner>(sp, (IReadOnlyList<string>)messages));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConversationRunner>());
        return builder;
    }
}
