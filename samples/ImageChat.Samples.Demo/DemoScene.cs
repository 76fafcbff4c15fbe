using System.Text.RegularExpressions;
using SkiaSharp;

namespace ImageChat.Samples.Demo;

/// <summary>
/// What the demo painter draws for a description: the time of day, the ground, the subjects it knows a shape for
/// (in the order the description names them, the first one large in front) and the caption. Read from the words of
/// the description alone, so the same description always gives the same picture.
/// </summary>
public sealed partial record DemoScene
{
    /// <summary>The caption written across the bottom of the picture: the description as given.</summary>
    public required string Caption { get; init; }

    /// <summary>Whether it is night ("moon", "night", "stars"...): a dark sky with a moon instead of the sun.</summary>
    public bool IsNight { get; init; }

    /// <summary>The ground under the subjects.</summary>
    public DemoGround Ground { get; init; }

    /// <summary>The subjects named in the description that the painter has a shape for, first named first.</summary>
    public required IReadOnlyList<DemoSubject> Subjects { get; init; }

    /// <summary>The colour named in the description ("a red cat"), which the main subject takes; <see langword="null"/> for its own colour.</summary>
    public SKColor? Colour { get; init; }

    /// <summary>Reads a scene from a description.</summary>
    /// <param name="description">The image description, as the chat model wrote it.</param>
    public static DemoScene Parse(string description)
    {
        ArgumentNullException.ThrowIfNull(description);

        List<DemoSubject> subjects = [];
        SKColor? colour = null;
        bool night = false;
        DemoGround ground = DemoGround.Grass;
        foreach (Match word in Word().Matches(description.ToLowerInvariant()))
        {
            string w = word.Value;
            if (SubjectNamedBy(w) is { } subject)
            {
                if (!subjects.Contains(subject))
                {
                    subjects.Add(subject);
                }
            }
            else if (Colours.TryGetValue(w, out SKColor named))
            {
                colour ??= named;
            }

            night |= w is "moon" or "night" or "star" or "stars" or "dark" or "midnight";
            ground = w switch
            {
                "sea" or "ocean" or "water" or "lake" or "river" or "pond" => DemoGround.Water,
                "desert" or "sand" or "beach" or "dune" or "dunes" => DemoGround.Sand,
                "snow" or "snowy" or "winter" or "ice" or "arctic" => DemoGround.Snow,
                _ => ground,
            };
        }

        return new DemoScene { Caption = description.Trim(), IsNight = night, Ground = ground, Subjects = subjects, Colour = colour };
    }

    /// <summary>The subject a word names ("wolf", "wolves"), or <see langword="null"/> when the painter has no shape for it.</summary>
    /// <param name="word">One lower-case word.</param>
    internal static DemoSubject? SubjectNamedBy(string word)
    {
        string singular = word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
        return Nouns.TryGetValue(word, out DemoSubject subject) || Nouns.TryGetValue(singular, out subject) ? subject : null;
    }

    private static readonly Dictionary<string, DemoSubject> Nouns = new(StringComparer.Ordinal)
    {
        ["worm"] = DemoSubject.Worm,
        ["caterpillar"] = DemoSubject.Worm,
        ["snake"] = DemoSubject.Worm,
        ["wolf"] = DemoSubject.Wolf,
        ["wolve"] = DemoSubject.Wolf,
        ["fox"] = DemoSubject.Wolf,
        ["dog"] = DemoSubject.Dog,
        ["puppy"] = DemoSubject.Dog,
        ["cat"] = DemoSubject.Cat,
        ["kitten"] = DemoSubject.Cat,
        ["elephant"] = DemoSubject.Elephant,
        ["owl"] = DemoSubject.Owl,
        ["bird"] = DemoSubject.Bird,
        ["fish"] = DemoSubject.Fish,
        ["tree"] = DemoSubject.Tree,
        ["forest"] = DemoSubject.Tree,
        ["house"] = DemoSubject.House,
        ["home"] = DemoSubject.House,
        ["cottage"] = DemoSubject.House,
        ["flower"] = DemoSubject.Flower,
        ["rose"] = DemoSubject.Flower,
        ["car"] = DemoSubject.Car,
        ["boat"] = DemoSubject.Boat,
        ["ship"] = DemoSubject.Boat,
        ["mountain"] = DemoSubject.Mountain,
        ["hill"] = DemoSubject.Mountain,
    };

    private static readonly Dictionary<string, SKColor> Colours = new(StringComparer.Ordinal)
    {
        ["red"] = new(0xE5, 0x39, 0x35),
        ["orange"] = new(0xFB, 0x8C, 0x00),
        ["yellow"] = new(0xFD, 0xD8, 0x35),
        ["green"] = new(0x43, 0xA0, 0x47),
        ["blue"] = new(0x1E, 0x88, 0xE5),
        ["purple"] = new(0x8E, 0x24, 0xAA),
        ["pink"] = new(0xF4, 0x8F, 0xB1),
        ["brown"] = new(0x79, 0x55, 0x48),
        ["black"] = new(0x21, 0x21, 0x21),
        ["white"] = new(0xFA, 0xFA, 0xFA),
        ["grey"] = new(0x9E, 0x9E, 0x9E),
        ["gray"] = new(0x9E, 0x9E, 0x9E),
        ["golden"] = new(0xFF, 0xC1, 0x07),
        ["gold"] = new(0xFF, 0xC1, 0x07),
    };

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
