using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The tools the chat model may call: the built-in <c>generate_image</c> and any a user adds.
/// </summary>
public interface IToolRegistry
{
    /// <summary>Gets the tools, the built-in image tool first. Names are unique.</summary>
    IReadOnlyList<AITool> Tools { get; }
}
