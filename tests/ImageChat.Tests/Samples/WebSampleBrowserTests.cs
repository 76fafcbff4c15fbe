using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The web sample in a real browser: Debian's chromium (<c>IMAGECHAT_TEST_CHROMIUM</c>, default <c>/usr/bin/chromium</c>),
/// driven by Playwright, against the app hosted in this process on loopback. Screenshots are kept in
/// <c>TestArtifacts/</c> beside the test assembly.
/// </summary>
public sealed class WebSampleBrowserTests(ITestOutputHelper output)
{
    // A picture is painted and saved within a second here; the waits are generous for a busy CI machine, and a
    // waiting step fails only when what it waits for never happens.
    private const float WaitMilliseconds = 60_000;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync",
    ];

    private static string ChromiumPath
    {
        get
        {
            string path = Environment.GetEnvironmentVariable("IMAGECHAT_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"The browser test needs Chromium at {path} and there is none. Install it (apt-get install chromium) or point IMAGECHAT_TEST_CHROMIUM at a Chromium executable; .ci/run installs it.");
        }
    }

    [Fact]
    public async Task A_worm_is_drawn_inline_described_on_request_and_still_there_after_a_reload()
    {
        await using WebSampleServer server = await WebSampleServer.StartAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 900, Height = 1200 } });
        page.SetDefaultTimeout(WaitMilliseconds);
        SetDefaultExpectTimeout(WaitMilliseconds);
        await page.GotoAsync(server.Address.ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeEnabledAsync(); // once the page has its conversation

        // Nothing typed: the page says what to do and sends nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Type a message first.");

        await SendAsync(page, "create the image of a worm");
        ILocator picture = page.Locator(".message.assistant img");
        await Expect(picture).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => document.querySelector('.message.assistant img')?.complete === true");
        Assert.Equal(640, await picture.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.StartsWith("/api/conversations/", await picture.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.Equal("A picture of a worm.", await picture.GetAttributeAsync("alt"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();

        await SendAsync(page, "what is the picture?");
        ILocator replies = page.Locator(".message.assistant");
        await Expect(replies).ToHaveCountAsync(2);
        await Expect(replies.Nth(1)).ToHaveTextAsync("(demo model) The picture shows: A picture of a worm.");
        await ScreenshotAsync(page, "web-sample-conversation.png");

        await page.ReloadAsync();
        await Expect(page.Locator(".message")).ToHaveTextAsync(
        [
            new Regex("^create the image of a worm$"),
            new Regex(@"^\(demo model\) Here is what the image tool reported: Image generated successfully and saved to generated_[0-9a-f]{8}\.png\."),
            new Regex("^what is the picture\\?$"),
            new Regex(@"^\(demo model\) The picture shows: A picture of a worm\.$"),
        ]);
        await page.WaitForFunctionAsync("() => document.querySelector('.message.assistant img')?.complete === true");
        Assert.Equal(640, await picture.EvaluateAsync<int>("img => img.naturalWidth"));
        await ScreenshotAsync(page, "web-sample-after-reload.png");

        // A new conversation starts empty, and the next reload stays in it.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        await Expect(page.Locator(".message")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Message")).ToBeEditableAsync();
        await Expect(page.Locator(".message")).ToHaveCountAsync(0);
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.GetByLabel("Message").FillAsync(text);
        await page.GetByLabel("Message").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeEnabledAsync();
        await Expect(page.Locator("#status")).ToBeHiddenAsync(); // the progress indicator goes when the turn ends
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestArtifacts", name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        using (SKBitmap screenshot = SKBitmap.Decode(path))
        {
            Assert.Equal(900, screenshot.Width); // the artifact is there and is the page as the viewport showed it
        }

        output.WriteLine($"Screenshot: {path}");
    }
}
