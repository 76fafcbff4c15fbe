namespace ImageChat.Samples.Demo;

/// <summary>The ground the demo painter draws under a scene.</summary>
public enum DemoGround
{
    /// <summary>Green grass, the default.</summary>
    Grass,

    /// <summary>Sea or lake water.</summary>
    Water,

    /// <summary>Desert or beach sand.</summary>
    Sand,

    /// <summary>Snow.</summary>
    Snow,
}
