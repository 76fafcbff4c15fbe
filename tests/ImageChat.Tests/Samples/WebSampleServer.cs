using ImageChat.Tests.TestDoubles;
using ImageChat.WebSample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The web sample hosted in the test process as <c>dotnet run</c> hosts it (its own wiring, page and settings), on
/// 127.0.0.1 with a port the system picks, offline on the demo models, saving images to a folder of its own.
/// </summary>
internal sealed class WebSampleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _images;

    private WebSampleServer(WebApplication app, TempDirectory images)
    {
        _app = app;
        _images = images;
        Address = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = Address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public string ImageDirectory => _images.Path;

    public IServiceProvider Services => _app.Services;

    public static async Task<WebSampleServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "ImageChat.WebSample",
            EnvironmentName = Environments.Production,
            ContentRootPath = Path.Combine(AppContext.BaseDirectory, "WebSample"),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        TempDirectory images = new();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = string.Empty, // never the machine's own key
            ["ImageChat:ImageDirectory"] = images.Path,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddWebSample();

        WebApplication app = builder.Build();
        app.UseWebSample();
        await app.StartAsync();
        return new WebSampleServer(app, images);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _images.Dispose();
    }
}
