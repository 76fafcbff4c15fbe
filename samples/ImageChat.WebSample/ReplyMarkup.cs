using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ImageChat.WebSample;

/// <summary>
/// Turns a model's reply into safe HTML: all text is encoded; markdown images and links that point at one of this
/// conversation's images (<c>![Worm](sandbox:/generated_a59b3623.png)</c>, <c>[the picture](generated_a59b3623.png)</c>)
/// become that image as the app serves it; any other link — another file, a web address — stays plain text.
/// </summary>
public static partial class ReplyMarkup
{
    /// <summary>Renders a reply.</summary>
    /// <param name="text">The reply text, markdown as models write it.</param>
    /// <param name="imageUrl">The URL the app serves a file of this conversation at, or <see langword="null"/> when the file is not this conversation's.</param>
    public static string ToHtml(string text, Func<string, string?> imageUrl)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(imageUrl);

        StringBuilder html = new();
        int at = 0;
        foreach (Match link in MarkdownLink().Matches(text))
        {
            AppendText(html, text[at..link.Index]);
            string label = link.Groups["label"].Value;
            Match file = ConversationFile().Match(link.Groups["target"].Value);
            string? url = file.Success ? imageUrl(file.Groups["name"].Value) : null;
            if (url is null)
            {
                AppendText(html, label);
            }
            else if (link.Groups["image"].Success)
            {
                html.Append("<img src=\"").Append(WebUtility.HtmlEncode(url)).Append("\" alt=\"").Append(WebUtility.HtmlEncode(label)).Append("\">");
            }
            else
            {
                html.Append("<a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\" target=\"_blank\" rel=\"noopener\">")
                    .Append(WebUtility.HtmlEncode(label)).Append("</a>");
            }

            at = link.Index + link.Length;
        }

        AppendText(html, text[at..]);
        return html.ToString();
    }

    /// <summary>The file names a reply shows inline, so that the page does not show those images a second time.</summary>
    /// <param name="text">The reply text.</param>
    public static IReadOnlySet<string> ReferencedFiles(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        HashSet<string> files = new(StringComparer.Ordinal);
        foreach (Match link in MarkdownLink().Matches(text))
        {
            if (ConversationFile().Match(link.Groups["target"].Value) is { Success: true } file)
            {
                files.Add(file.Groups["name"].Value);
            }
        }

        return files;
    }

    // Text is encoded first; **bold** is the one emphasis models use often enough to be worth rendering. Line breaks
    // are kept by the page's white-space: pre-wrap.
    private static void AppendText(StringBuilder html, string text) =>
        html.Append(Bold().Replace(WebUtility.HtmlEncode(text), "<strong>$1</strong>"));

    [GeneratedRegex(@"(?<image>!)?\[(?<label>[^\]\n]*)\]\((?<target>[^)\s]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();

    // The ways models point at a file the tool saved: sandbox:/name, sandbox:/mnt/data/name, /name or the bare name.
    [GeneratedRegex(@"^(sandbox:)?(/mnt/data)?/?(?<name>[A-Za-z0-9_.-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ConversationFile();

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.CultureInvariant)]
    private static partial Regex Bold();
}
