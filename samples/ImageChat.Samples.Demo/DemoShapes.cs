using SkiaSharp;
using static ImageChat.Samples.Demo.DemoPainter;

namespace ImageChat.Samples.Demo;

/// <summary>
/// One simple shape per <see cref="DemoSubject"/>, drawn to fill a box whose bottom edge is where the subject stands.
/// Coordinates are fractions of the box, so a subject looks the same large in front or small at the side.
/// </summary>
internal static class DemoShapes
{
    private static readonly SKColor Eye = new(0x1B, 0x1B, 0x1B);

    public static void Draw(SKCanvas canvas, DemoSubject subject, SKRect box, SKColor? colour)
    {
        Box b = new(canvas, box);
        switch (subject)
        {
            case DemoSubject.Worm: Worm(b, colour ?? new SKColor(0xF0, 0x7C, 0x9B)); break;
            case DemoSubject.Wolf: FourLegs(b, colour ?? new SKColor(0x7D, 0x8A, 0x96), FourLegged.Wolf); break;
            case DemoSubject.Dog: FourLegs(b, colour ?? new SKColor(0xB0, 0x7D, 0x50), FourLegged.Dog); break;
            case DemoSubject.Cat: FourLegs(b, colour ?? new SKColor(0xF5, 0x9E, 0x3B), FourLegged.Cat); break;
            case DemoSubject.Elephant: FourLegs(b, colour ?? new SKColor(0x9A, 0xA8, 0xB5), FourLegged.Elephant); break;
            case DemoSubject.Owl: Owl(b, colour ?? new SKColor(0x8D, 0x6E, 0x63)); break;
            case DemoSubject.Bird: Bird(b, colour ?? new SKColor(0x3D, 0x5A, 0xFE)); break;
            case DemoSubject.Fish: Fish(b, colour ?? new SKColor(0xFF, 0x8F, 0x00)); break;
            case DemoSubject.Tree: Tree(b, colour ?? new SKColor(0x38, 0x8E, 0x3C)); break;
            case DemoSubject.House: House(b, colour ?? new SKColor(0xEF, 0xD9, 0xB4)); break;
            case DemoSubject.Flower: Flower(b, colour ?? new SKColor(0xEC, 0x40, 0x7A)); break;
            case DemoSubject.Car: Car(b, colour ?? new SKColor(0xE5, 0x39, 0x35)); break;
            case DemoSubject.Boat: Boat(b, colour ?? new SKColor(0x8D, 0x5B, 0x3A)); break;
            default: throw new ArgumentOutOfRangeException(nameof(subject), subject, "The demo painter has no shape for this subject.");
        }
    }

    private enum FourLegged
    {
        Wolf,
        Dog,
        Cat,
        Elephant,
    }

    private static void Worm(Box b, SKColor colour)
    {
        using SKPath body = new();
        body.MoveTo(b.X(0.08f), b.Y(0.86f));
        body.CubicTo(b.X(0.25f), b.Y(0.60f), b.X(0.38f), b.Y(1.0f), b.X(0.52f), b.Y(0.80f));
        body.CubicTo(b.X(0.64f), b.Y(0.62f), b.X(0.74f), b.Y(0.70f), b.X(0.84f), b.Y(0.62f));
        float thickness = b.W(0.14f);
        using SKPaint skin = Stroke(colour, thickness);
        b.Canvas.DrawPath(body, skin);

        // The face on the head at the right end.
        using SKPaint head = Fill(colour);
        b.Canvas.DrawCircle(b.X(0.86f), b.Y(0.58f), thickness * 0.62f, head);
        DrawEye(b, 0.88f, 0.54f, 0.03f);
        using SKPaint smile = Stroke(Eye, b.W(0.01f));
        b.Canvas.DrawArc(SKRect.Create(b.X(0.86f), b.Y(0.57f), b.W(0.05f), b.H(0.05f)), 10, 120, false, smile);
    }

    private static void FourLegs(Box b, SKColor colour, FourLegged kind)
    {
        bool elephant = kind == FourLegged.Elephant;
        bool cat = kind == FourLegged.Cat;
        using SKPaint fur = Fill(colour);
        using SKPaint darker = Fill(colour.Shade(0.78f));
        float bodyY = elephant ? 0.52f : 0.58f;
        SKRect body = SKRect.Create(b.X(elephant ? 0.10f : 0.14f), b.Y(bodyY - (elephant ? 0.22f : 0.15f)), b.W(elephant ? 0.62f : 0.58f), b.H(elephant ? 0.44f : 0.30f));
        float headX = elephant ? 0.74f : 0.76f, headY = elephant ? 0.36f : 0.38f, headR = b.W(elephant ? 0.15f : cat ? 0.11f : 0.12f);

        // Tail behind the body.
        using SKPaint tail = Stroke(colour.Shade(0.85f), b.W(kind == FourLegged.Wolf ? 0.07f : elephant ? 0.015f : 0.035f));
        using SKPath tailPath = new();
        tailPath.MoveTo(body.Left + b.W(0.03f), b.Y(bodyY - 0.05f));
        tailPath.QuadTo(b.X(0.02f), b.Y(cat ? 0.10f : 0.50f), b.X(cat ? 0.08f : 0.04f), b.Y(cat ? 0.14f : 0.68f));
        b.Canvas.DrawPath(tailPath, tail);

        // Legs: the far pair darker, then the near pair.
        float legW = b.W(elephant ? 0.11f : 0.06f);
        foreach ((float x, bool far) in (ReadOnlySpan<(float, bool)>)[(0.22f, true), (0.56f, true), (0.16f, false), (0.50f, false)])
        {
            float left = b.X(x + (elephant ? -0.02f : 0.02f));
            b.Canvas.DrawRoundRect(SKRect.Create(left, b.Y(bodyY), legW, b.Y(1.0f) - b.Y(bodyY)), legW / 3, legW / 3, far ? darker : fur);
        }

        b.Canvas.DrawOval(body, fur);

        if (elephant)
        {
            b.Canvas.DrawOval(SKRect.Create(b.X(headX - 0.20f), b.Y(headY - 0.20f), b.W(0.18f), b.H(0.40f)), darker);
        }
        else if (kind == FourLegged.Dog)
        {
            b.Canvas.DrawCircle(b.X(headX), b.Y(headY), headR, fur);
            b.Canvas.DrawOval(SKRect.Create(b.X(headX - 0.15f), b.Y(headY - 0.08f), b.W(0.08f), b.H(0.24f)), darker);
        }
        else
        {
            // Pointed ears for the wolf and the cat.
            float earH = b.H(kind == FourLegged.Wolf ? 0.20f : 0.14f);
            float cx = b.X(headX), top = b.Y(headY) - (headR * 0.6f);
            using SKPath left = Polygon((cx - headR, top + (earH * 0.5f)), (cx - (headR * 0.75f), top - earH), (cx - (headR * 0.05f), top));
            using SKPath right = Polygon((cx + (headR * 0.05f), top), (cx + (headR * 0.55f), top - earH), (cx + headR, top + (earH * 0.5f)));
            b.Canvas.DrawPath(left, darker);
            b.Canvas.DrawPath(right, darker);
        }

        b.Canvas.DrawCircle(b.X(headX), b.Y(headY), headR, fur);

        switch (kind)
        {
            case FourLegged.Elephant:
            {
                using SKPaint trunk = Stroke(colour, b.W(0.06f));
                using SKPath trunkPath = new();
                trunkPath.MoveTo(b.X(headX + 0.08f), b.Y(headY + 0.05f));
                trunkPath.CubicTo(b.X(headX + 0.20f), b.Y(headY + 0.20f), b.X(headX + 0.12f), b.Y(headY + 0.45f), b.X(headX + 0.20f), b.Y(headY + 0.52f));
                b.Canvas.DrawPath(trunkPath, trunk);
                using SKPaint tusk = Stroke(new SKColor(0xFF, 0xF8, 0xE1), b.W(0.022f));
                b.Canvas.DrawLine(b.X(headX + 0.05f), b.Y(headY + 0.12f), b.X(headX + 0.13f), b.Y(headY + 0.20f), tusk);
                break;
            }

            case FourLegged.Wolf:
            {
                using SKPath snout = Polygon((b.X(headX + 0.04f), b.Y(headY - 0.06f)), (b.X(headX + 0.22f), b.Y(headY + 0.05f)), (b.X(headX + 0.04f), b.Y(headY + 0.10f)));
                b.Canvas.DrawPath(snout, fur);
                using SKPaint nose = Fill(Eye);
                b.Canvas.DrawCircle(b.X(headX + 0.21f), b.Y(headY + 0.045f), b.W(0.018f), nose);
                break;
            }

            case FourLegged.Dog:
            {
                using SKPaint muzzle = Fill(colour.Shade(1.2f));
                b.Canvas.DrawOval(SKRect.Create(b.X(headX + 0.02f), b.Y(headY + 0.0f), b.W(0.13f), b.H(0.10f)), muzzle);
                using SKPaint nose = Fill(Eye);
                b.Canvas.DrawCircle(b.X(headX + 0.13f), b.Y(headY + 0.03f), b.W(0.02f), nose);
                break;
            }

            default:
            {
                using SKPaint whisker = Stroke(Eye, b.W(0.006f));
                foreach (float dy in (ReadOnlySpan<float>)[-0.03f, 0.0f, 0.03f])
                {
                    b.Canvas.DrawLine(b.X(headX + 0.04f), b.Y(headY + 0.05f), b.X(headX + 0.17f), b.Y(headY + 0.05f + dy), whisker);
                }

                using SKPaint nose = Fill(new SKColor(0xE9, 0x1E, 0x63));
                b.Canvas.DrawCircle(b.X(headX + 0.05f), b.Y(headY + 0.04f), b.W(0.014f), nose);
                break;
            }
        }

        DrawEye(b, headX + 0.04f, headY - 0.04f, elephant ? 0.022f : 0.02f);
    }

    private static void Owl(Box b, SKColor colour)
    {
        using SKPaint branch = Stroke(new SKColor(0x5D, 0x40, 0x37), b.H(0.06f));
        b.Canvas.DrawLine(b.X(0.05f), b.Y(0.95f), b.X(0.95f), b.Y(0.92f), branch);

        using SKPaint feathers = Fill(colour);
        float cx = b.X(0.5f);
        using SKPath tufts = Polygon((b.X(0.30f), b.Y(0.22f)), (b.X(0.28f), b.Y(0.02f)), (b.X(0.42f), b.Y(0.16f)), (b.X(0.58f), b.Y(0.16f)), (b.X(0.72f), b.Y(0.02f)), (b.X(0.70f), b.Y(0.22f)));
        b.Canvas.DrawPath(tufts, feathers);
        b.Canvas.DrawOval(SKRect.Create(b.X(0.26f), b.Y(0.10f), b.W(0.48f), b.H(0.84f)), feathers);
        using SKPaint belly = Fill(colour.Shade(1.35f));
        b.Canvas.DrawOval(SKRect.Create(b.X(0.34f), b.Y(0.48f), b.W(0.32f), b.H(0.42f)), belly);
        using SKPaint wing = Fill(colour.Shade(0.75f));
        b.Canvas.DrawOval(SKRect.Create(b.X(0.22f), b.Y(0.42f), b.W(0.12f), b.H(0.38f)), wing);
        b.Canvas.DrawOval(SKRect.Create(b.X(0.66f), b.Y(0.42f), b.W(0.12f), b.H(0.38f)), wing);

        using SKPaint white = Fill(SKColors.White);
        using SKPaint ring = Stroke(new SKColor(0xFF, 0xB3, 0x00), b.W(0.02f));
        foreach (float x in (ReadOnlySpan<float>)[0.40f, 0.60f])
        {
            b.Canvas.DrawCircle(b.X(x), b.Y(0.32f), b.W(0.095f), white);
            b.Canvas.DrawCircle(b.X(x), b.Y(0.32f), b.W(0.095f), ring);
            DrawEye(b, x, 0.32f, 0.045f);
        }

        using SKPaint beak = Fill(new SKColor(0xFF, 0x8F, 0x00));
        using SKPath beakPath = Polygon((cx - b.W(0.04f), b.Y(0.40f)), (cx + b.W(0.04f), b.Y(0.40f)), (cx, b.Y(0.50f)));
        b.Canvas.DrawPath(beakPath, beak);
    }

    private static void Bird(Box b, SKColor colour)
    {
        using SKPaint body = Fill(colour);
        b.Canvas.DrawOval(SKRect.Create(b.X(0.15f), b.Y(0.35f), b.W(0.55f), b.H(0.40f)), body);
        b.Canvas.DrawCircle(b.X(0.72f), b.Y(0.38f), b.W(0.13f), body);
        using SKPaint wing = Fill(colour.Shade(0.7f));
        using SKPath wingPath = Polygon((b.X(0.30f), b.Y(0.50f)), (b.X(0.45f), b.Y(0.0f)), (b.X(0.58f), b.Y(0.50f)));
        b.Canvas.DrawPath(wingPath, wing);
        using SKPaint beak = Fill(new SKColor(0xFF, 0xA0, 0x00));
        using SKPath beakPath = Polygon((b.X(0.82f), b.Y(0.33f)), (b.X(0.98f), b.Y(0.40f)), (b.X(0.82f), b.Y(0.45f)));
        b.Canvas.DrawPath(beakPath, beak);
        DrawEye(b, 0.75f, 0.34f, 0.03f);
    }

    private static void Fish(Box b, SKColor colour)
    {
        using SKPaint scales = Fill(colour);
        using SKPath tail = Polygon((b.X(0.28f), b.Y(0.62f)), (b.X(0.06f), b.Y(0.42f)), (b.X(0.06f), b.Y(0.84f)));
        b.Canvas.DrawPath(tail, scales);
        b.Canvas.DrawOval(SKRect.Create(b.X(0.20f), b.Y(0.44f), b.W(0.66f), b.H(0.38f)), scales);
        using SKPaint fin = Fill(colour.Shade(0.75f));
        using SKPath finPath = Polygon((b.X(0.42f), b.Y(0.47f)), (b.X(0.52f), b.Y(0.32f)), (b.X(0.62f), b.Y(0.47f)));
        b.Canvas.DrawPath(finPath, fin);
        DrawEye(b, 0.74f, 0.58f, 0.03f);
    }

    private static void Tree(Box b, SKColor colour)
    {
        using SKPaint trunk = Fill(new SKColor(0x6D, 0x4C, 0x41));
        b.Canvas.DrawRect(SKRect.Create(b.X(0.43f), b.Y(0.50f), b.W(0.14f), b.H(0.50f)), trunk);
        using SKPaint leaves = Fill(colour);
        using SKPaint shade = Fill(colour.Shade(0.8f));
        b.Canvas.DrawCircle(b.X(0.32f), b.Y(0.42f), b.W(0.22f), shade);
        b.Canvas.DrawCircle(b.X(0.68f), b.Y(0.42f), b.W(0.22f), shade);
        b.Canvas.DrawCircle(b.X(0.50f), b.Y(0.26f), b.W(0.27f), leaves);
    }

    private static void House(Box b, SKColor colour)
    {
        using SKPaint wall = Fill(colour);
        b.Canvas.DrawRect(SKRect.Create(b.X(0.15f), b.Y(0.45f), b.W(0.70f), b.H(0.55f)), wall);
        using SKPaint roof = Fill(new SKColor(0xC6, 0x28, 0x28));
        using SKPath roofPath = Polygon((b.X(0.05f), b.Y(0.47f)), (b.X(0.50f), b.Y(0.08f)), (b.X(0.95f), b.Y(0.47f)));
        b.Canvas.DrawPath(roofPath, roof);
        using SKPaint door = Fill(new SKColor(0x6D, 0x4C, 0x41));
        b.Canvas.DrawRect(SKRect.Create(b.X(0.42f), b.Y(0.68f), b.W(0.16f), b.H(0.32f)), door);
        using SKPaint window = Fill(new SKColor(0xFF, 0xF1, 0x76));
        b.Canvas.DrawRect(SKRect.Create(b.X(0.22f), b.Y(0.56f), b.W(0.14f), b.H(0.13f)), window);
        b.Canvas.DrawRect(SKRect.Create(b.X(0.64f), b.Y(0.56f), b.W(0.14f), b.H(0.13f)), window);
    }

    private static void Flower(Box b, SKColor colour)
    {
        using SKPaint stem = Stroke(new SKColor(0x2E, 0x7D, 0x32), b.W(0.04f));
        b.Canvas.DrawLine(b.X(0.5f), b.Y(1.0f), b.X(0.5f), b.Y(0.35f), stem);
        using SKPaint leaf = Fill(new SKColor(0x43, 0xA0, 0x47));
        b.Canvas.DrawOval(SKRect.Create(b.X(0.50f), b.Y(0.66f), b.W(0.20f), b.H(0.08f)), leaf);
        using SKPaint petal = Fill(colour);
        for (int i = 0; i < 6; i++)
        {
            double angle = i * Math.PI / 3;
            b.Canvas.DrawCircle(b.X(0.5f) + (float)(Math.Cos(angle) * b.W(0.13f)), b.Y(0.30f) + (float)(Math.Sin(angle) * b.W(0.13f)), b.W(0.10f), petal);
        }

        using SKPaint heart = Fill(new SKColor(0xFF, 0xD5, 0x4F));
        b.Canvas.DrawCircle(b.X(0.5f), b.Y(0.30f), b.W(0.08f), heart);
    }

    private static void Car(Box b, SKColor colour)
    {
        using SKPaint paint = Fill(colour);
        b.Canvas.DrawRoundRect(SKRect.Create(b.X(0.25f), b.Y(0.48f), b.W(0.48f), b.H(0.22f)), b.W(0.06f), b.W(0.06f), paint);
        b.Canvas.DrawRoundRect(SKRect.Create(b.X(0.05f), b.Y(0.62f), b.W(0.90f), b.H(0.24f)), b.W(0.05f), b.W(0.05f), paint);
        using SKPaint glass = Fill(new SKColor(0xB3, 0xE5, 0xFC));
        b.Canvas.DrawRect(SKRect.Create(b.X(0.30f), b.Y(0.52f), b.W(0.17f), b.H(0.10f)), glass);
        b.Canvas.DrawRect(SKRect.Create(b.X(0.51f), b.Y(0.52f), b.W(0.17f), b.H(0.10f)), glass);
        using SKPaint tyre = Fill(new SKColor(0x26, 0x26, 0x26));
        using SKPaint hub = Fill(new SKColor(0xBD, 0xBD, 0xBD));
        foreach (float x in (ReadOnlySpan<float>)[0.25f, 0.75f])
        {
            b.Canvas.DrawCircle(b.X(x), b.Y(0.87f), b.W(0.10f), tyre);
            b.Canvas.DrawCircle(b.X(x), b.Y(0.87f), b.W(0.04f), hub);
        }
    }

    private static void Boat(Box b, SKColor colour)
    {
        using SKPaint mast = Stroke(new SKColor(0x4E, 0x34, 0x2E), b.W(0.025f));
        b.Canvas.DrawLine(b.X(0.5f), b.Y(0.72f), b.X(0.5f), b.Y(0.05f), mast);
        using SKPaint sail = Fill(new SKColor(0xFA, 0xFA, 0xFA));
        using SKPath sailPath = Polygon((b.X(0.53f), b.Y(0.08f)), (b.X(0.88f), b.Y(0.66f)), (b.X(0.53f), b.Y(0.66f)));
        b.Canvas.DrawPath(sailPath, sail);
        using SKPath jib = Polygon((b.X(0.47f), b.Y(0.18f)), (b.X(0.47f), b.Y(0.66f)), (b.X(0.20f), b.Y(0.66f)));
        b.Canvas.DrawPath(jib, sail);
        using SKPaint hull = Fill(colour);
        using SKPath hullPath = Polygon((b.X(0.05f), b.Y(0.72f)), (b.X(0.95f), b.Y(0.72f)), (b.X(0.80f), b.Y(0.92f)), (b.X(0.20f), b.Y(0.92f)));
        b.Canvas.DrawPath(hullPath, hull);
    }

    private static void DrawEye(Box b, float x, float y, float radius)
    {
        using SKPaint eye = Fill(Eye);
        b.Canvas.DrawCircle(b.X(x), b.Y(y), b.W(radius), eye);
        using SKPaint glint = Fill(SKColors.White);
        b.Canvas.DrawCircle(b.X(x) + b.W(radius * 0.3f), b.Y(y) - b.W(radius * 0.3f), b.W(radius * 0.35f), glint);
    }

    private static SKColor Shade(this SKColor colour, float factor) =>
        new((byte)Math.Clamp(colour.Red * factor, 0, 255), (byte)Math.Clamp(colour.Green * factor, 0, 255), (byte)Math.Clamp(colour.Blue * factor, 0, 255), colour.Alpha);

    /// <summary>A box on a canvas, with fractions of it turned into pixels.</summary>
    private readonly record struct Box(SKCanvas Canvas, SKRect Rect)
    {
        public float X(float fraction) => Rect.Left + (fraction * Rect.Width);

        public float Y(float fraction) => Rect.Top + (fraction * Rect.Height);

        public float W(float fraction) => fraction * Rect.Width;

        public float H(float fraction) => fraction * Rect.Height;
    }
}
