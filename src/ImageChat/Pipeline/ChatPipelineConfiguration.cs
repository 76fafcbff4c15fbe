using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>Middleware added with <c>ConfigureChatPipeline</c>, applied in the order it was added.</summary>
internal sealed record ChatPipelineConfiguration(Action<ChatClientBuilder> Configure);
