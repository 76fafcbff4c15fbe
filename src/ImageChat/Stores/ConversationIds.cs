using System.Buffers;

namespace ImageChat;

/// <summary>The rule for conversation ids: they name files (the call log, the folder store), so they are kept path-safe.</summary>
internal static class ConversationIds
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    public static void Validate(string? id, string paramName)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128 || id.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException("A conversation id is 1 to 128 letters, digits, '-' or '_' (it names the call log file).", paramName);
        }
    }
}
