using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The rules a tool's name must follow, checked when the client is built and when a conversation adds tools, so that a
/// bad name fails there, naming the tool, instead of failing every turn with the provider's 400.
/// </summary>
internal static partial class ToolNames
{
    /// <summary>The names of ImageChat's built-in image tools; no other tool may take them.</summary>
    private static readonly string[] BuiltIn = [ImageChatDefaults.ImageToolName, ImageChatDefaults.EditImageToolName];

    /// <summary>Checks tools added to tools already checked: valid names, unique among all of them.</summary>
    /// <param name="existing">The tools already there, with valid and unique names.</param>
    /// <param name="added">The tools added; none may take a built-in tool's name.</param>
    /// <param name="paramName">The argument that carries <paramref name="added"/>, for the exception.</param>
    /// <exception cref="ArgumentException">A tool is null, or its name is invalid, reserved, or taken.</exception>
    public static void EnsureValid(IEnumerable<AITool> existing, IEnumerable<AITool?> added, string paramName)
    {
        HashSet<string> names = new(existing.Select(t => t.Name), StringComparer.Ordinal);
        foreach (AITool? tool in added)
        {
            if (tool is null)
            {
                throw new ArgumentException("A tool is null.", paramName);
            }

            if (BuiltIn.Contains(tool.Name, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"The tool name '{tool.Name}' is reserved for ImageChat's built-in image tools ({string.Join(", ", BuiltIn)}); give your tool another name.",
                    paramName);
            }

            EnsureValid(tool, names, paramName);
        }
    }

    /// <summary>Checks one tool's name and adds it to the names taken.</summary>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    public static void EnsureValid(AITool tool, HashSet<string> taken, string paramName)
    {
        if (tool is AIFunctionDeclaration && !Valid().IsMatch(tool.Name))
        {
            throw new ArgumentException(
                $"The tool name '{tool.Name}' is not valid: OpenAI accepts 1 to 64 letters, digits, '_' or '-' (^[a-zA-Z0-9_-]{{1,64}}$). Rename the tool (for AIFunctionFactory: AIFunctionFactoryOptions.Name).",
                paramName);
        }

        if (!taken.Add(tool.Name))
        {
            throw new ArgumentException($"Two tools are named '{tool.Name}'; the model calls tools by name, so names must be unique.", paramName);
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();
}
