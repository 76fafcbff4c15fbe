using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Deep copies of chat messages, so that nothing a conversation hands out (its history, a turn's messages, a model call's
/// request) is an object the conversation keeps: a caller that edits what it got cannot corrupt the next request.
/// </summary>
/// <remarks>
/// Messages, content lists, contents and their property bags are new objects. Tool-result values, call-argument values,
/// providers' raw objects and contents of kinds ImageChat does not know are shared: they cannot be copied in general, and
/// what ImageChat puts there (strings, JSON elements, the SDK's response objects) is immutable. Copies for the history
/// leave the raw objects out (<see cref="ForHistory"/>).
/// </remarks>
internal static class MessageCopies
{
    /// <summary>The kinds copied; a kind derived from one of them may hold more than the copy would, so it is shared like any unknown kind.</summary>
    private static readonly FrozenSet<Type> Copied = FrozenSet.Create(
        typeof(TextContent), typeof(TextReasoningContent), typeof(FunctionCallContent), typeof(FunctionResultContent),
        typeof(ErrorContent), typeof(DataContent), typeof(UriContent));

    public static ChatMessage[] DeepCopy(IReadOnlyList<ChatMessage> messages) => DeepCopy(messages, keepRaw: true);

    /// <summary>
    /// Copies a turn's messages for the history, without the providers' raw objects (<c>RawRepresentation</c>; for
    /// OpenAI the whole <c>ChatCompletion</c> and its parts). Nothing needs them once a turn is committed — what a provider
    /// must send back verbatim, it keeps in <see cref="ModelResponseProperties"/> — and the history would otherwise keep
    /// them alive as long as the conversation.
    /// </summary>
    public static ChatMessage[] ForHistory(IReadOnlyList<ChatMessage> messages) => DeepCopy(messages, keepRaw: false);

    public static ChatMessage DeepCopy(ChatMessage message) => DeepCopy(message, keepRaw: true);

    private static ChatMessage[] DeepCopy(IReadOnlyList<ChatMessage> messages, bool keepRaw)
    {
        ChatMessage[] copies = new ChatMessage[messages.Count];
        for (int i = 0; i < copies.Length; i++)
        {
            copies[i] = DeepCopy(messages[i], keepRaw);
        }

        return copies;
    }

    private static ChatMessage DeepCopy(ChatMessage message, bool keepRaw)
    {
        ChatMessage copy = message.Clone(); // Role, author, ids, time and raw representation; contents and bag are replaced below.
        copy.AdditionalProperties = message.AdditionalProperties?.Clone();
        if (!keepRaw)
        {
            copy.RawRepresentation = null;
        }

        IList<AIContent> source = message.Contents;
        if (keepRaw)
        {
            List<AIContent> contents = new(source.Count); // What callers get, they may add to.
            for (int i = 0; i < source.Count; i++)
            {
                contents.Add(DeepCopy(source[i], keepRaw));
            }

            copy.Contents = contents;
        }
        else
        {
            // The history's own messages never change: their contents need no list around them.
            AIContent[] contents = new AIContent[source.Count];
            for (int i = 0; i < contents.Length; i++)
            {
                contents[i] = DeepCopy(source[i], keepRaw);
            }

            copy.Contents = contents;
        }

        return copy;
    }

    private static AIContent DeepCopy(AIContent content, bool keepRaw)
    {
        if (!Copied.Contains(content.GetType()))
        {
            return content;
        }

        AIContent copy = content switch
        {
            TextContent text => new TextContent(text.Text),
            TextReasoningContent reasoning => new TextReasoningContent(reasoning.Text) { ProtectedData = reasoning.ProtectedData },
            FunctionCallContent call => new FunctionCallContent(call.CallId, keepRaw ? call.Name : SharedName(call.Name), call.Arguments switch
            {
                null => null,
                _ when keepRaw => new Dictionary<string, object?>(call.Arguments), // What callers get is a plain dictionary.
                _ => new CompactArguments(call.Arguments),
            })
            {
                Exception = call.Exception,
                InformationalOnly = call.InformationalOnly,
            },
            FunctionResultContent result => new FunctionResultContent(result.CallId, result.Result) { Exception = result.Exception },
            ErrorContent error => new ErrorContent(error.Message) { ErrorCode = error.ErrorCode, Details = error.Details },
            DataContent data => new DataContent(data.Data, data.MediaType) { Name = data.Name },
            UriContent uri => new UriContent(uri.Uri, uri.MediaType),
            _ => throw new UnreachableException(),
        };
        copy.RawRepresentation = keepRaw ? content.RawRepresentation : null;
        copy.AdditionalProperties = content.AdditionalProperties?.Clone();
        copy.Annotations = content.Annotations is null ? null : [.. content.Annotations];
        return copy;
    }

    /// <summary>
    /// The interned instance of a tool's or an argument's name, when there is one: the provider parsed the name into a
    /// string of its own, and a live conversation would keep one per call. Only names already interned (the tools' own
    /// literals) are shared, so that names a model made up never enter the intern pool.
    /// </summary>
    public static string SharedName(string name) => string.IsInterned(name) ?? name;
}
