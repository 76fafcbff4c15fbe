using System.Globalization;

namespace ImageChat.Benchmarks;

/// <summary>How the benchmark server answers: the size of the PNG it returns and how long an image takes.</summary>
internal sealed record ServerOptions(ImageSize ImageSize, TimeSpan ImageLatency)
{
    public static ServerOptions Parse(IReadOnlyList<string> args)
    {
        ImageSize size = ImageSize.Small;
        TimeSpan latency = TimeSpan.Zero;
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--image-size":
                    size = Enum.Parse<ImageSize>(args[i + 1], ignoreCase: true);
                    break;
                case "--image-latency-ms":
                    latency = TimeSpan.FromMilliseconds(int.Parse(args[i + 1], CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"Unknown server option '{args[i]}' (use --image-size Small|Real, --image-latency-ms N).", nameof(args));
            }
        }

        return new ServerOptions(size, latency);
    }

    public IEnumerable<string> ToArguments() =>
        ["--image-size", ImageSize.ToString(), "--image-latency-ms", ((int)ImageLatency.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)];
}
