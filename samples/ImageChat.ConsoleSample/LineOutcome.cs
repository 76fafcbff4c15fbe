namespace ImageChat.ConsoleSample;

/// <summary>What became of a line the user entered.</summary>
internal enum LineOutcome
{
    /// <summary>The turn or command is done.</summary>
    Done,

    /// <summary>The turn failed or the command was refused; the conversation is as before it.</summary>
    Failed,

    /// <summary>The user asked to quit.</summary>
    Exit,
}
