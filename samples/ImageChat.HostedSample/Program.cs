using ImageChat.HostedSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// dotnet run --project samples/ImageChat.HostedSample                          → the conversation in appsettings.json
// dotnet run --project samples/ImageChat.HostedSample -- "draw a cat" "what is the picture?"
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    // appsettings.json is copied next to the program, so it is found whatever folder the sample is started from.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddHostedSample(args);

using IHost host = builder.Build();
ConversationRunner conversation = host.Services.GetRequiredService<ConversationRunner>();
await host.RunAsync();
return conversation.ExitCode;
