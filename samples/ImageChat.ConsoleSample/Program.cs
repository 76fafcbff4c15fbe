using ImageChat.ConsoleSample;
using Microsoft.Extensions.Configuration;

// dotnet run --project samples/ImageChat.ConsoleSample                      → interactive chat
// dotnet run --project samples/ImageChat.ConsoleSample -- "draw a worm" ...  → one conversation, then exit
// ImageChat__ConversationStore__Redis=127.0.0.1:6379 dotnet run --project samples/ImageChat.ConsoleSample -- \
//     --conversation demo "create the image of a worm"                      → then again with "what is the picture?"
using CancellationTokenSource cancellation = new();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // End the run cleanly: the current turn is cancelled and the usage printed.
    cancellation.Cancel();
};

IConfiguration configuration = SampleConfiguration.Build(AppContext.BaseDirectory, Environment.GetEnvironmentVariables());
return await ConsoleSampleApp.RunAsync(args, configuration, Console.In, Console.Out, cancellation.Token);
