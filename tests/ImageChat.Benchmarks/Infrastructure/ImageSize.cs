namespace ImageChat.Benchmarks;

/// <summary>The PNG the benchmark server returns for every image.</summary>
public enum ImageSize
{
    /// <summary>A 64×64 PNG of a few kilobytes: the conversation's own cost shows, not base64 decoding.</summary>
    Small,

    /// <summary>A 1024×1024 PNG of about 1.5 MB, as gpt-image-1 returns.</summary>
    Real,
}
