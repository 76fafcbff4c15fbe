using Microsoft.Extensions.DependencyInjection;

namespace ImageChat;

/// <summary>
/// Turns on ImageChat's call log: every chat-model call with the messages sent, the raw response and the token usage.
/// Shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>. The call log is off until one of these is called;
/// several sinks can be added and each gets every call.
/// </summary>
public static class CallLogBuilderExtensions
{
    /// <summary>Writes the call log of each conversation to its own file in a folder, <c>&lt;directory&gt;/&lt;conversation id&gt;.md</c>.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The folder; created when the first call is written.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseCallLog<TBuilder>(this TBuilder builder, string directory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return builder.UseCallLog(new FileCallLogSinkOptions { Directory = directory });
    }

    /// <summary>Writes the call log of each conversation to its own file, as <paramref name="options"/> say.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The folder and file extension.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseCallLog<TBuilder>(this TBuilder builder, FileCallLogSinkOptions options)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(options);
        return builder.AddCallLogSink(new FileCallLogSink(options));
    }

    /// <summary>Writes the call log of every conversation to a <see cref="TextWriter"/>, such as <see cref="Console.Out"/>.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="writer">The writer; not disposed by ImageChat.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseCallLog<TBuilder>(this TBuilder builder, TextWriter writer)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(writer);
        return builder.AddCallLogSink(new TextWriterCallLogSink(writer));
    }

    /// <summary>Hands every call to a sink of your own; format entries with <see cref="CallLogFormatter"/> if you want the standard format.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="sink">The sink. A sink that throws is logged and skipped; it never fails a turn.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddCallLogSink<TBuilder>(this TBuilder builder, ICallLogSink sink)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        builder.Services.AddSingleton(sink);
        return builder;
    }

    /// <summary>Hands every call to a sink of your own, created from the container (so it can take services such as an <c>ILogger</c>).</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the sink, once.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddCallLogSink<TBuilder>(this TBuilder builder, Func<IServiceProvider, ICallLogSink> factory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }
}
