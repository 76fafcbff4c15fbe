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

    /// <summary>The converted tools of each options instance: a conversation sends the same options with every request.</summary>
    private static readonly ConditionalWeakTable<ChatOptions, ToolSet> ByOptions = [];

    /// <summary>Returns the options to give the adapter: <paramref name="options"/> with its functions converted, or as they are.</summary>
    public static ChatOptions? Apply(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } || options.AdditionalProperties?.ContainsKey(StrictKey) == true)
        {
            return options;
        }

        if (!ByOptions.TryGetValue(options, out ToolSet? set) || !set.Fits(options))
        {
            if (ToolSet.For(options) is not { } converted)
            {
                return options;
            }

            set = converted;
            ByOptions.AddOrUpdate(options, set);
        }

        // A copy of the options as they are now (the adapter reads them all), with the tools it must not convert again.
        ChatOptions sent = options.Clone();
        sent.Tools = Placeholder;
        sent.RawRepresentationFactory = set.Factory;
        return sent;
    }

    /// <summary>The converted functions of one tool list, and the factory that adds them to each request's options.</summary>
    private sealed class ToolSet
    {
        private readonly AITool[] _tools;
        private readonly Func<IChatClient, object?>? _appFactory;

        private ToolSet(AITool[] tools, ChatTool[] converted, Func<IChatClient, object?>? appFactory)
        {
            _tools = tools;
            _appFactory = appFactory;
            Factory = client =>
            {
                ChatCompletionOptions completion = appFactory?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
                foreach (ChatTool tool in converted)
                {
                    completion.Tools.Add(tool);
                }

                return completion;
            };
        }

        /// <summary>Gets the factory the adapter calls for each request's OpenAI options: the app's own, then the converted tools.</summary>
        public Func<IChatClient, object?> Factory { get; }

        /// <summary>Converts the tools of <paramref name="options"/>; <see langword="null"/> when one is not a function.</summary>
        public static ToolSet? For(ChatOptions options)
        {
            IList<AITool> tools = options.Tools!;
            ChatTool[] converted = new ChatTool[tools.Count];
            for (int i = 0; i < converted.Length; i++)
            {
                if (tools[i] is not AIFunctionDeclaration function)
                {
                    return null;
                }

                converted[i] = Converted.GetValue(function, static f => f.AsOpenAIChatTool());
            }

            return new ToolSet([.. tools], converted, options.RawRepresentationFactory);
        }

        /// <summary>Tells whether the options still hold these tools, in this order, and the same factory of their own.</summary>
        public bool Fits(ChatOptions options)
        {
            IList<AITool> tools = options.Tools!;
            if (tools.Count != _tools.Length || options.RawRepresentationFactory != _appFactory)
            {
                return false;
            }

            for (int i = 0; i < _tools.Length; i++)
            {
                if (!ReferenceEquals(tools[i], _tools[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Stands for the functions already converted; the adapter skips tools that are not functions.</summary>
    private sealed class ConvertedFunctions : AITool;
}
