using System.Text;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Stores;

public sealed class FileSystemConversationStoreTests : ConversationStoreContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    protected override Task<IConversationStore> CreateStoreAsync() => Task.FromResult<IConversationStore>(new FileSystemConversationStore(_folder.Path));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Each_conversation_is_one_json_file_named_by_its_id()
    {
        await Store.SaveAsync(State("demo", 1, "hello"));

        string json = await File.ReadAllTextAsync(Path.Combine(_folder.Path, "demo.json"));

        Assert.StartsWith("{\"format\":\"imagechat.conversation\",\"format_version\":1,\"id\":\"demo\",\"version\":1,", json, StringComparison.Ordinal);
        Assert.Equal(["demo.json", "demo.lock"], _folder.Files().Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_crash_between_writing_and_renaming_leaves_the_previous_version_and_the_next_save_cleans_up()
    {
        await Store.SaveAsync(State("crash", 1, "kept"));

        // What a process killed between its write and its rename leaves: the old file whole, a temporary file beside it
        // (here cut off mid-write).
        byte[] next = ConversationStateSerializer.Serialize(State("crash", 2, "kept", "lost"));
        string leftover = Path.Combine(_folder.Path, "crash.json.0123456789abcdef0123456789abcdef.tmp");
        await File.WriteAllBytesAsync(leftover, next[..(next.Length / 2)]);

        ConversationState afterCrash = (await Store.LoadAsync("crash"))!;
        Assert.Equal(1, afterCrash.Version);
        Assert.Equal(["kept"], afterCrash.Messages.Select(m => m.Text));

        await Store.SaveAsync(State("crash", 2, "kept", "retried"));

        Assert.False(File.Exists(leftover));
        Assert.Equal(["kept", "retried"], (await Store.LoadAsync("crash"))!.Messages.Select(m => m.Text));
        Assert.Equal(["crash.json", "crash.lock"], _folder.Files().Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_save_that_fails_while_writing_leaves_the_previous_version_and_no_temporary_file()
    {
        await Store.SaveAsync(State("cancelled", 1, "kept"));
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => Store.SaveAsync(State("cancelled", 2, "kept", "never"), cancelled.Token));

        Assert.Equal(1, (await Store.LoadAsync("cancelled"))!.Version);
        Assert.Equal(["cancelled.json", "cancelled.lock"], _folder.Files().Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_stores_on_one_folder_stand_for_two_servers_sharing_it()
    {
        FileSystemConversationStore other = new(_folder.Path);
        await Store.SaveAsync(State("shared", 1, "from one"));

        await other.SaveAsync(State("shared", 2, "from one", "from two"));

        await Assert.ThrowsAsync<ConversationConcurrencyException>(() => Store.SaveAsync(State("shared", 2, "from one", "stale")));
        Assert.Equal(["from one", "from two"], (await Store.LoadAsync("shared"))!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Ids_that_could_leave_the_folder_are_refused()
    {
        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => Store.LoadAsync("../outside"));

        Assert.Equal("id", error.ParamName);
        Assert.StartsWith("A conversation id is 1 to 128 letters, digits, '-' or '_'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_another_format_version_is_reported_with_its_id()
    {
        await File.WriteAllTextAsync(
            Path.Combine(_folder.Path, "future.json"),
            "{\"format\":\"imagechat.conversation\",\"format_version\":2,\"id\":\"future\",\"version\":1,\"system_prompt\":\"\",\"messages\":[],\"images\":[],\"usage\":{\"chat\":{\"input_tokens\":0,\"output_tokens\":0},\"image_tokens\":{\"input_tokens\":0,\"output_tokens\":0},\"image_count\":0,\"model_call_count\":0}}",
            Encoding.UTF8); // With a byte-order mark, as an editor may save it.

        System.Text.Json.JsonException error = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => Store.LoadAsync("future"));

        Assert.Equal("Conversation 'future' is stored in format version 2; this ImageChat reads version 1. Update ImageChat to read it.", error.Message);
    }
}
