using ImageChat.WebSample;

namespace ImageChat.Tests.Samples;

public sealed class ReplyMarkupTests
{
    private static string? OnlyWorm(string file) => file == "generated_a59b3623.png" ? $"/img/{file}" : null;

    [Theory]
    [InlineData("![Worm](sandbox:/generated_a59b3623.png)")]
    [InlineData("![Worm](sandbox:/mnt/data/generated_a59b3623.png)")]
    [InlineData("![Worm](generated_a59b3623.png)")]
    public void The_models_markdown_image_of_a_file_of_this_conversation_is_the_served_image(string markdown)
    {
        Assert.Equal("Here: <img src=\"/img/generated_a59b3623.png\" alt=\"Worm\">.", ReplyMarkup.ToHtml($"Here: {markdown}.", OnlyWorm));
    }

    [Fact]
    public void A_link_to_a_file_of_this_conversation_links_to_the_served_image()
    {
        Assert.Equal(
            "<a href=\"/img/generated_a59b3623.png\" target=\"_blank\" rel=\"noopener\">the worm</a>",
            ReplyMarkup.ToHtml("[the worm](sandbox:/generated_a59b3623.png)", OnlyWorm));
    }

    [Theory]
    [InlineData("![Wolf](sandbox:/generated_00000000.png)", "Wolf")]
    [InlineData("[passwords](sandbox:/etc/passwd)", "passwords")]
    [InlineData("[cats](https://example.com/cat.png)", "cats")]
    [InlineData("![x](javascript:alert(1))", "x)")]
    public void A_link_to_anything_else_is_plain_text(string markdown, string shown)
    {
        Assert.Equal(shown, ReplyMarkup.ToHtml(markdown, OnlyWorm));
    }

    [Fact]
    public void Text_is_encoded_and_bold_is_kept()
    {
        Assert.Equal(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <strong>a &amp; b</strong>\nnext line",
            ReplyMarkup.ToHtml("<script>alert(\"x\")</script> **a & b**\nnext line", OnlyWorm));
    }

    [Fact]
    public void A_label_cannot_break_out_of_the_attribute()
    {
        Assert.Equal(
            "<img src=\"/img/generated_a59b3623.png\" alt=\"&quot; onerror=&quot;alert(1)\">",
            ReplyMarkup.ToHtml("![\" onerror=\"alert(1)](generated_a59b3623.png)", OnlyWorm));
    }

    [Fact]
    public void The_files_a_reply_shows_inline_are_known()
    {
        Assert.Equal(["generated_a59b3623.png", "generated_b.png"], ReplyMarkup.ReferencedFiles("![a](sandbox:/generated_a59b3623.png) and [b](generated_b.png) and [c](https://x.test/c.png)").Order());
    }
}
