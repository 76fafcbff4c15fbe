using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Packaging;

/// <summary>
/// The public API baseline (PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt beside each package's project) is
/// enforced by the build: a copy of ImageChat.Abstractions, built on its own with the repository's build files, fails
/// when one public member is taken out of the public surface and another is added, each without its baseline line.
/// </summary>
public sealed class PublicApiBaselineTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_public_member_removed_or_added_without_its_baseline_line_fails_the_build_naming_it()
    {
        string project = CopyAbstractions();
        string source = Path.Combine(project, "Images", "ImageMediaType.cs");
        string original = File.ReadAllText(source);
        string changed = original
            .Replace("    public const string Gif = \"image/gif\";", "    internal const string Gif = \"image/gif\";", StringComparison.Ordinal)
            .Replace("    public const string Png = \"image/png\";", "    public const string Png = \"image/png\";\n\n    /// <summary>AVIF.</summary>\n    public const string Avif = \"image/avif\";", StringComparison.Ordinal);
        // Both edits applied: the test breaks here, not later, if the file changes shape.
        Assert.Contains("internal const string Gif", changed, StringComparison.Ordinal);
        Assert.Contains("public const string Avif", changed, StringComparison.Ordinal);
        File.WriteAllText(source, changed);

        (int exitCode, string output) = await DotnetCli.RunAsync(project, "build", "-c", "Release", "-p:MinVerSkip=true");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error RS0017: Symbol 'const ImageChat.ImageMediaType.Gif = \"image/gif\" -> string!' is part of the declared API, but is either not public or could not be found", output, StringComparison.Ordinal);
        Assert.Contains("error RS0016: Symbol 'const ImageChat.ImageMediaType.Avif = \"image/avif\" -> string!' is not part of the declared public API", output, StringComparison.Ordinal);
    }

    /// <summary>Copies the contracts project and the build files it takes from the repository root into the work folder.</summary>
    private string CopyAbstractions()
    {
        string root = DotnetCli.RepositoryRoot;
        foreach (string file in (string[])["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json"])
        {
            File.Copy(Path.Combine(root, file), Path.Combine(_work.Path, file));
        }

        string source = Path.Combine(root, "src", "ImageChat.Abstractions");
        string target = Path.Combine(_work.Path, "src", "ImageChat.Abstractions");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }
}
