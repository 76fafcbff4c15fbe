using System.Text.RegularExpressions;

namespace ImageChat.Tests.Samples;

public sealed partial class ReadmeTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Readme", name));

    [Fact]
    public void Every_csharp_example_in_the_readme_compiles_in_ReadmeExamples()
    {
        string examples = Flatten(Fixture("ReadmeExamples.cs"));
        MatchCollection blocks = CSharpBlock().Matches(Fixture("README.md"));

        Assert.Equal(10, blocks.Count);
        Assert.All(blocks, block => Assert.Contains(Flatten(block.Groups[1].Value), examples, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_package_has_a_readme_whose_csharp_examples_compile_in_PackageReadmeExamples()
    {
        string examples = Flatten(Fixture("PackageReadmeExamples.cs"));
        string[] packages = [.. Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Readme", "Packages")).Select(Path.GetFileName).Order()!];

        Assert.Equal(["ImageChat", "ImageChat.Abstractions", "ImageChat.OpenAI", "ImageChat.Redis"], packages);
        Assert.All(packages, package =>
        {
            string readme = Fixture(Path.Combine("Packages", package, "README.md"));
            Assert.StartsWith($"# {package}\n", readme, StringComparison.Ordinal);
            Assert.Contains($"dotnet add package {package}\n", readme, StringComparison.Ordinal);
            MatchCollection blocks = CSharpBlock().Matches(readme);
            Assert.Single(blocks);
            Assert.Contains(Flatten(UsingDirective().Replace(blocks[0].Groups[1].Value, string.Empty)), examples, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Package_readmes_link_into_the_repository_by_relative_paths_that_exist()
    {
        // Relative links work when browsing the repository; packing makes them absolute (Directory.Build.targets).
        foreach (string readme in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Readme", "Packages"), "README.md", SearchOption.AllDirectories))
        {
            string[] targets = [.. RelativeLink().Matches(File.ReadAllText(readme)).Select(m => m.Groups[1].Value)];

            Assert.NotEmpty(targets);
            Assert.All(targets, target => Assert.True(File.Exists(Path.Combine(RepositoryRoot, target)), $"{readme} links to {target}, which does not exist."));
        }
    }

    [Fact]
    public void The_readme_test_command_is_the_one_ci_runs()
    {
        string command = TestCommand().Match(Fixture("README.md")).Value;

        Assert.Equal("dotnet test ImageChat.sln --configuration Release", command);
        Assert.Contains(command, Fixture("ci-run"), StringComparison.Ordinal);
    }

    private static string RepositoryRoot => Path.Combine(AppContext.BaseDirectory, "Readme", "Repository");

    /// <summary>Collapses whitespace, so that indentation inside a method does not matter.</summary>
    private static string Flatten(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>A block's namespace <c>using</c> lines, which the compiled example has at the top of its file instead.</summary>
    [GeneratedRegex(@"^using [A-Za-z.]+;\n", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\]\(\.\./\.\./([^)]+)\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"^dotnet test .*$", RegexOptions.Multiline)]
    private static partial Regex TestCommand();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
