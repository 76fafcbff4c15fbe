using System.ComponentModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Images;
using ImageGenerationOptions = OpenAI.Images.ImageGenerationOptions;

namespace ImageChat.Benchmarks;

/// <summary>
/// What ImageChat replaces, built from Microsoft.Extensions.AI alone: the OpenAI adapter under
/// <see cref="FunctionInvokingChatClient"/>, an <see cref="AIFunction"/> that makes and saves the image, and a history
/// the caller keeps by hand. The tool returns its text as is, as ImageChat's does, so both send the same requests.
/// </summary>
internal sealed class MeaiLoopContender : IDisposable
{
    private readonly IChatClient _chat;
    private readonly ImageClient _images;
    private readonly ImageFolder _folder;
    private readonly ChatOptions _options;

    public MeaiLoopContender(Uri endpoint, ImageFolder folder)
    {
        OpenAIClient openAI = Contenders.CreateOpenAIClient(endpoint);
        _chat = openAI.GetChatClient(Contenders.ChatModel).AsIChatClient().AsBuilder().UseFunctionInvocation().Build();
        _images = openAI.GetImageClient(Contenders.ImageModel);
        _folder = folder;
        _options = new ChatOptions
        {
            Tools =
            [
                AIFunctionFactory.Create(GenerateImageAsync, new AIFunctionFactoryOptions
                {
                    Name = ImageChatDefaults.ImageToolName,
                    Description = ImageChatDefaults.ImageToolDescription,
                    MarshalResult = static (result, _, _) => new ValueTask<object?>(result),
                }),
            ],
        };
    }

    public async Task<List<ChatMessage>> RunAsync(IReadOnlyList<string> userMessages, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> history = [new(ChatRole.System, ImageChatDefaults.SystemPrompt)];
        foreach (string message in userMessages)
        {
            history.Add(new ChatMessage(ChatRole.User, message));
            ChatResponse response = await _chat.GetResponseAsync(history, _options, cancellationToken);
            history.AddMessages(response);
        }

        return history;
    }

    public void Dispose() => _chat.Dispose();

    [Description(ImageChatDefaults.ImageToolParameterDescription)]
    private async Task<string> GenerateImageAsync([Description(ImageChatDefaults.ImageToolParameterDescription)] string description, CancellationToken cancellationToken)
    {
        GeneratedImage image = (await _images.GenerateImageAsync(description, new ImageGenerationOptions(), cancellationToken)).Value;
        string fileName = await _folder.SaveAsync(image.ImageBytes.ToMemory(), cancellationToken);
        return ImageFolder.ToolResult(fileName, description);
    }
}
