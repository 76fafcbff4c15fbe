using SkiaSharp;

namespace ImageChat.Samples.Demo;

/// <summary>
/// The font the demo painter writes with: DejaVu Sans Bold, embedded in this assembly (with its Bitstream Vera
/// licence beside it in Fonts/), because a server or CI machine may have no system fonts at all.
/// </summary>
internal static class DemoFont
{
    private const string ResourceName = "ImageChat.Samples.Demo.DejaVuSans-Bold.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    public static SKTypeface Typeface => Loaded.Value;

    private static SKTypeface Load()
    {
        using Stream font = typeof(DemoFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font '{ResourceName}' is missing from {typeof(DemoFont).Assembly.GetName().Name}.");
        return SKTypeface.FromStream(font)
            ?? throw new InvalidOperationException($"SkiaSharp could not read the embedded font '{ResourceName}'.");
    }
}
