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

        Assert.Equal(5, blocks.Count);
        Assert.All(blocks, block => Assert.Contains(Flatten(block.Groups[1].Value), examples, StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_test_command_is_the_one_ci_runs()
    {
        string command = TestCommand().Match(Fixture("README.md")).Value;

        Assert.Equal("dotnet test ImageChat.sln --configuration Release", command);
        Assert.Contains(command, Fixture("ci-run"), StringComparison.Ordinal);
    }

    /// <summary>Collapses whitespace, so that indentation inside a method does not matter.</summary>
    private static string Flatten(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^dotnet test .*$", RegexOptions.Multiline)]
    private static partial Regex TestCommand();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
