using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace ImageChat;

/// <summary>
/// Hands the Microsoft.Extensions.AI adapter each function tool already converted to OpenAI's <see cref="ChatTool"/>,
/// once per tool rather than once per request: the adapter converts every tool of every request, parsing and writing
/// its JSON schema again, which costs a conversation more than its messages do.
/// </summary>
/// <remarks>
/// The request is the one the adapter would send: the conversion is the adapter's own (<see cref="MicrosoftExtensionsAIChatExtensions.AsOpenAIChatTool"/>),
/// the converted tools come through <see cref="ChatOptions.RawRepresentationFactory"/> in the order the adapter adds
/// them (after the app's own), and the tool list the adapter sees keeps one tool it does not convert, so that it still
/// sets the tool choice and parallel calls from the options. Options it would convert differently (a <c>strict</c>
/// setting for every tool) or with tools other than functions pass through as they are.
/// </remarks>
internal static class ConvertedChatTools
{
    /// <summary>The key under which the adapter reads a <c>strict</c> setting for every tool of a request.</summary>
    private const string StrictKey = "strict";

    private static readonly ConditionalWeakTable<AIFunctionDeclaration, ChatTool> Converted = [];

    /// <summary>What the adapter finds in the tool list in place of the converted functions: a tool it does not convert.</summary>
    private static readonly AITool[] Placeholder = [new ConvertedFunctions()];

    /// <summary>Returns the options to give the adapter: <paramref name="options"/> with its functions converted, or as they are.</summary>
    public static ChatOptions? Apply(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } tools || options.AdditionalProperties?.ContainsKey(StrictKey) == true)
        {
            return options;
        }

        ChatTool[] converted = new ChatTool[tools.Count];
        for (int i = 0; i < converted.Length; i++)
        {
            if (tools[i] is not AIFunctionDeclaration function)
            {
                return options;
            }

            converted[i] = Converted.GetValue(function, static f => f.AsOpenAIChatTool());
        }

        Func<IChatClient, object?>? appFactory = options.RawRepresentationFactory;
        ChatOptions sent = options.Clone();
        sent.Tools = Placeholder;
        sent.RawRepresentationFactory = client =>
        {
            ChatCompletionOptions completion = appFactory?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            foreach (ChatTool tool in converted)
            {
                completion.Tools.Add(tool);
            }

            return completion;
        };
        return sent;
    }

    /// <summary>Stands for the functions already converted; the adapter skips tools that are not functions.</summary>
    private sealed class ConvertedFunctions : AITool;
}
