using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// The seed call log (Fixtures/seed-call-log.md, a copy of the log of the system ImageChat replaces), parsed into its
/// calls: the messages each call sent and the raw response it got.
/// </summary>
internal static partial class SeedLog
{
    public static readonly string[] UserMessages =
        ["create the image of a worm", "what is the picture?", "paint now a wolf in the moon", "make it now an elephant"];

    private static readonly Lazy<string> LazyText = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-call-log.md")));

    private static readonly Lazy<IReadOnlyList<SeedCall>> LazyCalls = new(() =>
        [.. CallHeader().Split(Text).Skip(1).Select(section =>
        {
            MatchCollection blocks = JsonBlock().Matches(section);
            return new SeedCall(blocks[0].Groups[1].Value, blocks[1].Groups[1].Value);
        })]);

    /// <summary>Gets the whole seed log.</summary>
    public static string Text => LazyText.Value;

    /// <summary>Gets the seven calls, in order.</summary>
    public static IReadOnlyList<SeedCall> Calls => LazyCalls.Value;

    /// <summary>
    /// Queues the seed's seven chat responses and three image responses on a server; the images report 50, 51 and 52
    /// input tokens and 4160 output tokens each. Chat responses are streamed to a request that asks to stream.
    /// </summary>
    public static FakeOpenAIServer EnqueueSeed(this FakeOpenAIServer server, byte[] png)
    {
        foreach (SeedCall call in Calls)
        {
            server.EnqueueCompletion(call.ResponseJson);
        }

        for (int i = 0; i < 3; i++)
        {
            server.EnqueueImageJson(FakeOpenAIServer.ImageJson(png, inputTokens: 50 + i, outputTokens: 4160));
        }

        return server;
    }

    /// <summary>Replaces generated file names (<c>generated_xxxxxxxx.png</c>) so that runs can be compared.</summary>
    public static string NormalizeFileNames(string text) => GeneratedFileName().Replace(text, "generated_XXXXXXXX.png");

    [GeneratedRegex(@"^### Call #\d+ .*$", RegexOptions.Multiline)]
    private static partial Regex CallHeader();

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"generated_[0-9a-f]{8}\.png")]
    private static partial Regex GeneratedFileName();

    /// <summary>One call of the seed log.</summary>
    internal sealed record SeedCall(string MessagesJson, string ResponseJson)
    {
        public JsonElement Messages => JsonDocument.Parse(MessagesJson).RootElement;

        public JsonElement Response => JsonDocument.Parse(ResponseJson).RootElement;
    }
}
