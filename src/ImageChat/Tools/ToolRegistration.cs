using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// A tool added with <c>AddTool</c>, created when the tool registry is.
/// </summary>
internal sealed record ToolRegistration(Func<IServiceProvider, AITool> Create);
