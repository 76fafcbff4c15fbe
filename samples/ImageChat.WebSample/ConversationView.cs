using System.Net;
using Microsoft.Extensions.AI;

namespace ImageChat.WebSample;

/// <summary>A conversation as the page shows it after a reload: the user's messages and the replies with their images.</summary>
/// <param name="Id">The conversation's id.</param>
/// <param name="Messages">The messages, oldest first; tool calls and results are not shown, their images are.</param>
public sealed record ConversationView(string Id, IReadOnlyList<MessageView> Messages)
{
    /// <summary>Builds the view of a conversation from its history.</summary>
    /// <param name="conversation">The conversation.</param>
    public static ConversationView Of(IImageChatConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);

        List<MessageView> messages = [];
        List<ConversationImage> brought = [];
        foreach (ChatMessage message in conversation.History)
        {
            if (message.Role == ChatRole.User)
            {
                messages.Add(new MessageView("user", WebUtility.HtmlEncode(message.Text), []));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                // Images belong to the reply that follows the tool calls that made them.
                foreach (FunctionCallContent call in message.Contents.OfType<FunctionCallContent>())
                {
                    brought.AddRange(conversation.Images.Where(i => i.ToolCallId == call.CallId));
                }

                if (!string.IsNullOrWhiteSpace(message.Text))
                {
                    messages.Add(Reply(conversation.Id, message.Text, brought, conversation.Images));
                    brought.Clear();
                }
            }
        }

        return new ConversationView(conversation.Id, messages);
    }

    /// <summary>Builds the view of one reply.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="text">The reply text.</param>
    /// <param name="brought">The images made for this reply.</param>
    /// <param name="known">Every image of the conversation, which the reply may show inline.</param>
    public static MessageView Reply(string conversationId, string text, IEnumerable<ConversationImage> brought, IEnumerable<ConversationImage> known)
    {
        ArgumentNullException.ThrowIfNull(brought);
        ArgumentNullException.ThrowIfNull(known);

        Dictionary<string, ConversationImage> files = known.Concat(brought).DistinctBy(i => i.FileName).ToDictionary(i => i.FileName, StringComparer.Ordinal);
        string html = ReplyMarkup.ToHtml(text, file => files.ContainsKey(file) ? ImageUrl(conversationId, file) : null);
        IReadOnlySet<string> inline = ReplyMarkup.ReferencedFiles(text);
        return new MessageView("assistant", html, [.. brought.Where(i => !inline.Contains(i.FileName)).Select(i => Image(conversationId, i))]);
    }

    /// <summary>The view of an image of a conversation.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="image">The image.</param>
    public static ImageView Image(string conversationId, ConversationImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ImageView(image.FileName, ImageUrl(conversationId, image.FileName), image.Description);
    }

    /// <summary>Where the app serves an image of a conversation.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="fileName">The image's file name.</param>
    public static string ImageUrl(string conversationId, string fileName) =>
        $"/api/conversations/{Uri.EscapeDataString(conversationId)}/images/{Uri.EscapeDataString(fileName)}";
}
