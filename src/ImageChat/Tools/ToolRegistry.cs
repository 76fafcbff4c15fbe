using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The default <see cref="IToolRegistry"/>: a fixed list of tools with unique names.
/// </summary>
internal sealed class ToolRegistry : IToolRegistry
{
    /// <summary>Initializes a new instance of the <see cref="ToolRegistry"/> class.</summary>
    /// <param name="tools">The tools, in the order the model is shown them.</param>
    /// <exception cref="ArgumentException">
    /// A tool is <see langword="null"/>, two tools share a name, or a function's name is not what OpenAI accepts
    /// (<c>^[a-zA-Z0-9_-]{1,64}$</c>). The message names the tool.
    /// </exception>
    public ToolRegistry(IEnumerable<AITool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        List<AITool> list = [];
        HashSet<string> names = new(StringComparer.Ordinal);
        foreach (AITool? tool in tools)
        {
            if (tool is null)
            {
                throw new ArgumentException("A tool is null.", nameof(tools));
            }

            ToolNames.EnsureValid(tool, names, nameof(tools));
            list.Add(tool);
        }

        Tools = list.AsReadOnly();
    }

    /// <inheritdoc />
    public IReadOnlyList<AITool> Tools { get; }
}
