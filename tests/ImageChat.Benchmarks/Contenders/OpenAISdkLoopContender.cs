using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Images;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace ImageChat.Benchmarks;

/// <summary>The OpenAI SDK with a hand-written tool loop: no abstraction between the caller and the SDK's types.</summary>
internal sealed class OpenAISdkLoopContender
{
    private static readonly BinaryData Parameters = BinaryData.FromString(
        $$$"""{"type":"object","properties":{"description":{"type":"string","description":"{{{ImageChatDefaults.ImageToolParameterDescription}}}"}},"required":["description"]}""");

    private readonly ChatClient _chat;
    private readonly ImageClient _images;
    private readonly ImageFolder _folder;

    public OpenAISdkLoopContender(Uri endpoint, ImageFolder folder, HttpClient? transport = null)
    {
        OpenAIClient openAI = Contenders.CreateOpenAIClient(endpoint, transport);
        _chat = openAI.GetChatClient(Contenders.ChatModel);
        _images = openAI.GetImageClient(Contenders.ImageModel);
        _folder = folder;
    }

    public async Task<List<ChatMessage>> RunAsync(IReadOnlyList<string> userMessages, CancellationToken cancellationToken = default)
    {
        ChatCompletionOptions options = new() { Tools = { ChatTool.CreateFunctionTool(ImageChatDefaults.ImageToolName, ImageChatDefaults.ImageToolDescription, Parameters) } };
        List<ChatMessage> messages = [new SystemChatMessage(ImageChatDefaults.SystemPrompt)];
        foreach (string text in userMessages)
        {
            messages.Add(new UserChatMessage(text));
            while (true)
            {
                ChatCompletion completion = (await _chat.CompleteChatAsync(messages, options, cancellationToken)).Value;
                messages.Add(new AssistantChatMessage(completion));
                if (completion.FinishReason != ChatFinishReason.ToolCalls)
                {
                    break;
                }

                foreach (ChatToolCall call in completion.ToolCalls)
                {
                    using JsonDocument arguments = JsonDocument.Parse(call.FunctionArguments);
                    string description = arguments.RootElement.GetProperty("description").GetString()!;
                    GeneratedImage image = (await _images.GenerateImageAsync(description, new ImageGenerationOptions(), cancellationToken)).Value;
                    string fileName = await _folder.SaveAsync(image.ImageBytes.ToMemory(), cancellationToken);
                    messages.Add(new ToolChatMessage(call.Id, ImageFolder.ToolResult(fileName, description)));
                }
            }
        }

        return messages;
    }
}
