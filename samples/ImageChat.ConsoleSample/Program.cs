using ImageChat.ConsoleSample;
using Microsoft.Extensions.Configuration;

// dotnet run --project samples/ImageChat.ConsoleSample                      → interactive chat (/help lists the commands)
// dotnet run --project samples/ImageChat.ConsoleSample -- "draw a worm" ...  → one conversation, then exit
// ImageChat__ConversationStore__Redis=127.0.0.1:6379 dotnet run --project samples/ImageChat.ConsoleSample -- \
//     --conversation demo "create the image of a worm"                      → then again with "what is the picture?"
IConfiguration configuration = SampleConfiguration.Build(AppContext.BaseDirectory, Environment.GetEnvironmentVariables());
using ConsoleSampleApp app = new(configuration, Console.In, Console.Out);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // The app decides: Ctrl+C cancels the running turn, and quits at the prompt or when pressed twice.
    app.Interrupt();
};

return await app.RunAsync(args);
