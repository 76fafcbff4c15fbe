using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;

namespace ImageChat;

/// <summary>
/// Keeps the raw body of the last successful response sent on this async flow, for the call log: the OpenAI SDK
/// deserializes responses and the Microsoft.Extensions.AI adapter does not pass the body on.
/// </summary>
/// <remarks>
/// <see cref="Begin"/> opens a capture on the caller's flow; the SDK's pipeline runs below it on the same flow, so
/// <see cref="Policy"/> finds the capture and fills it.
/// </remarks>
internal sealed class RawResponseCapture
{
    private static readonly AsyncLocal<RawResponseCapture?> Current = new();

    private RawResponseCapture()
    {
    }

    /// <summary>Gets the pipeline policy that fills the capture; it takes the place of the SDK's retry policy and sends each request once.</summary>
    public static PipelinePolicy Policy { get; } = new CapturePolicy();

    /// <summary>Gets the body of the last successful buffered response, as received.</summary>
    public BinaryData? Body { get; private set; }

    /// <summary>Opens a capture for the calls made on this async flow from now on.</summary>
    public static RawResponseCapture Begin() => Current.Value = new RawResponseCapture();

    private sealed class CapturePolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            ProcessNext(message, pipeline, currentIndex);
            Keep(message);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // Every model call passes here: its state is reused, not allocated.
        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            Keep(message);
        }

        private static void Keep(PipelineMessage message)
        {
            // Streaming responses are not buffered; their body is read by the caller, not here.
            if (Current.Value is { } capture && message.BufferResponse && message.Response is { IsError: false } response)
            {
                capture.Body = response.Content; // The buffered bytes; decoded only if the call log or a caller reads them.
            }
        }
    }
}
