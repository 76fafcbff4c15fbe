using ImageChat.WebSample;
using Microsoft.AspNetCore.Builder;

// dotnet run --project samples/ImageChat.WebSample, then open http://localhost:5080
WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The page (wwwroot) and appsettings.json are copied next to the program, so it runs from any folder.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddWebSample();

WebApplication app = builder.Build();
app.UseWebSample();
await app.RunAsync();
