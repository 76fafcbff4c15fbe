using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Stores;

/// <summary>The folder image store reads back what it saved, and only names of its own form, so no path leaves the folder.</summary>
public sealed class FileSystemImageStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FileSystemImageStore _store;

    public FileSystemImageStoreTests() => _store = new FileSystemImageStore(new FileSystemImageStoreOptions { Directory = Path.Combine(_folder.Path, "images") });

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_saved_image_reads_back_byte_for_byte_and_exists()
    {
        byte[] png = TestImageEditor.PngFor("a wolf");
        StoredImage stored = await _store.SaveAsync(new TextToImageResult(png, ImageMediaType.Png));

        await using Stream? stream = await _store.OpenReadAsync(stored.FileName);

        using MemoryStream read = new();
        await stream!.CopyToAsync(read);
        Assert.Equal(png, read.ToArray());
        Assert.True(await _store.ExistsAsync(stored.FileName));
    }

    [Fact]
    public async Task A_name_of_the_stores_form_that_is_not_there_is_null_and_does_not_exist()
    {
        Assert.Null(await _store.OpenReadAsync("generated_00000000.png"));
        Assert.False(await _store.ExistsAsync("generated_00000000.jpg"));
    }

    [Theory]
    [InlineData("../generated_a59b3623.png")]
    [InlineData("images/../generated_a59b3623.png")]
    [InlineData("/tmp/generated_a59b3623.png")]
    [InlineData("generated_a59b3623.png/..")]
    [InlineData("generated_A59B3623.png")]
    [InlineData("generated_a59b3623.exe")]
    [InlineData("generated_a59b36231.png")]
    [InlineData("generated_a59b3623.png\n")]
    [InlineData("secrets.txt")]
    [InlineData("")]
    public async Task Any_other_name_is_refused_before_the_disk_is_touched(string name)
    {
        // A real file one folder up, where "../" would lead.
        await File.WriteAllBytesAsync(Path.Combine(_folder.Path, "generated_a59b3623.png"), TestImageGenerator.PngBytes);

        ArgumentException open = await Assert.ThrowsAsync<ArgumentException>("fileName", () => _store.OpenReadAsync(name));
        ArgumentException exists = await Assert.ThrowsAsync<ArgumentException>("fileName", () => _store.ExistsAsync(name));

        Assert.StartsWith($"'{name}' is not a file name of this image store: it gives names such as generated_a59b3623.png", open.Message, StringComparison.Ordinal);
        Assert.Equal(open.Message, exists.Message);
    }
}
