namespace ImageChat.Samples.Demo;

/// <summary>A thing the demo painter has a shape for.</summary>
public enum DemoSubject
{
    /// <summary>A worm (also a caterpillar or a snake).</summary>
    Worm,

    /// <summary>A wolf (also a fox).</summary>
    Wolf,

    /// <summary>A dog.</summary>
    Dog,

    /// <summary>A cat.</summary>
    Cat,

    /// <summary>An elephant.</summary>
    Elephant,

    /// <summary>An owl.</summary>
    Owl,

    /// <summary>A bird in the sky.</summary>
    Bird,

    /// <summary>A fish.</summary>
    Fish,

    /// <summary>A tree.</summary>
    Tree,

    /// <summary>A house.</summary>
    House,

    /// <summary>A flower.</summary>
    Flower,

    /// <summary>A car.</summary>
    Car,

    /// <summary>A boat.</summary>
    Boat,

    /// <summary>A mountain in the background.</summary>
    Mountain,
}
