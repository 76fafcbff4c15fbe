using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace ImageChat.Tests.TestDoubles;

/// <summary>Reads a PNG file far enough to prove it is one: chunks with valid CRCs, and image data that inflates to the size IHDR promises.</summary>
internal static class PngFile
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks the file and returns its size and the inflated scanlines.</summary>
    public static (int Width, int Height, byte[] Scanlines) Read(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(Signature), "The file does not start with the PNG signature.");
        int width = 0, height = 0;
        using MemoryStream idat = new();
        int offset = Signature.Length;
        string type;
        do
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            ReadOnlySpan<byte> typeAndData = png.AsSpan(offset + 4, 4 + length);
            type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)), Crc32.HashToUInt32(typeAndData));
            ReadOnlySpan<byte> data = typeAndData[4..];
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(2, data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }
        while (type != "IEND");

        idat.Position = 0;
        using ZLibStream inflate = new(idat, CompressionMode.Decompress);
        using MemoryStream scanlines = new();
        inflate.CopyTo(scanlines);
        Assert.Equal(height * (1 + (width * 3)), scanlines.Length);
        return (width, height, scanlines.ToArray());
    }
}
