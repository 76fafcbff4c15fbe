using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ImageChat.Tests.Conventions;

public sealed class LoggingConventionTests
{
    private static readonly MethodInfo[] EventMethods =
    [
        .. new[] { typeof(IImageChatClient).Assembly, typeof(ImageChatBuilder).Assembly, typeof(OpenAIImageChatOptions).Assembly, typeof(RedisConversationStoreOptions).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(method => method.IsDefined(typeof(LoggerMessageAttribute))),
    ];

    private static readonly LoggerMessageAttribute[] Events = [.. EventMethods.Select(method => method.GetCustomAttribute<LoggerMessageAttribute>()!)];

    [Fact]
    public void Log_events_of_an_assembly_live_in_its_one_Log_class()
    {
        // Reproducible builds: with events in several classes the generator's output order changes from build to build
        // (dotnet/runtime#119587), so each assembly keeps them all in ImageChat.Log (see src/ImageChat/Log.cs).
        Assert.NotEmpty(EventMethods);
        Assert.All(EventMethods, method => Assert.Equal("ImageChat.Log", method.DeclaringType!.FullName));
    }

    [Fact]
    public void Every_log_event_has_its_own_id()
    {
        Assert.NotEmpty(Events);
        Assert.Equal(Events.Length, Events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Events_that_may_carry_message_contents_are_trace_only()
    {
        // Contents are the user's text, tool arguments and results, and model responses (a revised image prompt included): placeholders that say so.
        string[] contentPlaceholders = ["{Message}", "{Messages}", "{Response}", "{Exchange}", "{RevisedPrompt}"];

        LoggerMessageAttribute[] withContents = [.. Events.Where(e => contentPlaceholders.Any(p => e.Message.Contains(p, StringComparison.Ordinal)))];

        Assert.Equal(4, withContents.Length);
        Assert.All(withContents, e => Assert.Equal(LogLevel.Trace, e.Level));
    }
}
