using ImageChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddImageChat(builder.Configuration.GetSection("ImageChat"))
    .UseOpenAI(builder.Configuration.GetSection("ImageChat:OpenAI"));

using IHost host = builder.Build();
await host.StartAsync(); // checks the options: a missing ApiKey fails here, naming the key

IImageChatClient imageChat = host.Services.GetRequiredService<IImageChatClient>();
IImageChatConversation conversation = imageChat.StartConversation();
foreach (string message in new[] { "create the image of a worm", "what is the picture?" })
{
    ChatTurnResult turn = await conversation.SendAsync(message);
    Console.WriteLine(turn.Text);
    foreach (ConversationImage image in turn.Images)
    {
        Console.WriteLine($"Saved {image.FileName} at {image.Location}");
    }
}

Console.WriteLine($"Tokens: {conversation.Usage.Chat}");
await host.StopAsync();
