using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Packaging;

/// <summary>
/// ImageChat as an app gets it: the packages are packed into a folder feed, and a fresh console app outside the solution
/// (Fixtures/PackageConsumer: generic host, appsettings.json, <c>services.AddImageChat(...)</c>) references
/// ImageChat.OpenAI by version, is built by the dotnet CLI and runs a picture turn and a follow-up against a loopback
/// OpenAI-compatible server.
/// </summary>
/// <remarks>
/// The version is new on every run, so no package cached by an earlier run can stand in for the one just packed; the
/// run's packages are removed from the machine's packages folder afterwards. Third-party packages come from this
/// machine's usual NuGet sources and packages folder, as for any app.
/// </remarks>
public sealed class PackageConsumerTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 4, 2];
    private readonly TempDirectory _work = new();
    private readonly string _version = $"0.0.0-consumertest.c{Guid.NewGuid():N}";
    private FakeOpenAIServer _server = null!;

    private static string RepositoryRoot => Metadata("RepositoryRoot");

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        _server.EnqueueSeed(Png);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _work.Dispose();
        foreach (string package in Directory.Exists(MachinePackagesFolder()) ? Directory.GetDirectories(MachinePackagesFolder(), "imagechat*") : [])
        {
            string restored = Path.Combine(package, _version);
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_app_outside_the_solution_runs_a_picture_turn_and_a_follow_up_from_the_packages()
    {
        string feed = await PackAsync();
        string app = CreateApp(feed);
        string images = Path.Combine(_work.Path, "images");

        await DotnetAsync(app, "build", "-c", "Release", $"-p:ImageChatVersion={_version}", $"-p:HostingVersion={Metadata("HostingVersion")}");
        string output = await DotnetAsync(Path.Combine(app, "bin", "Release", "net10.0"), "PackageConsumer.dll");

        // The app restored ImageChat.OpenAI, and with it the engine and the contracts, from the feed at this version.
        string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        Assert.Contains($"\"ImageChat.OpenAI/{_version}\"", assets, StringComparison.Ordinal);
        Assert.Contains($"\"ImageChat/{_version}\"", assets, StringComparison.Ordinal);
        Assert.Contains($"\"ImageChat.Abstractions/{_version}\"", assets, StringComparison.Ordinal);

        // The requests are the seed's first three: the picture turn (tool call, then the reply) and the follow-up.
        Assert.Equal(3, _server.ChatRequests.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(WireMessages.Canonical(SeedLog.Calls[i].Messages), WireMessages.Canonical(_server.ChatRequests[i].Json.GetProperty("messages")));
            Assert.Equal("Bearer sk-consumer-test", _server.ChatRequests[i].Headers["Authorization"]);
        }

        JsonElement imageRequest = Assert.Single(_server.ImageRequests).Json;
        Assert.Equal("gpt-image-1", imageRequest.GetProperty("model").GetString());
        Assert.StartsWith("A close-up of a worm in a natural setting.", imageRequest.GetProperty("prompt").GetString(), StringComparison.Ordinal);

        string saved = Assert.Single(Directory.GetFiles(images, "generated_*.png"));
        Assert.Equal(Png, File.ReadAllBytes(saved));
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"Saved {Path.GetFileName(saved)} at {saved}", lines);
        Assert.Contains("Here is the image of a worm in a natural setting. ![Worm Image](sandbox:/generated_a59b3623.png)", lines);
        Assert.Contains(lines, line => line.StartsWith("The picture is a close-up of a worm resting on moist soil.", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Tokens: ", StringComparison.Ordinal));

        // Logs were quieted to warnings for ImageChat and Polly (its retries) in appsettings.json, as the README says:
        // none of their information events (one per turn, image and model call) reached the console.
        Assert.DoesNotContain(lines, line => line.StartsWith("info: ImageChat.", StringComparison.Ordinal) || line.StartsWith("info: Polly", StringComparison.Ordinal));
        Assert.Contains("info: Microsoft.Hosting.Lifetime[0]", lines);
    }

    /// <summary>Packs every package under src/ at this run's version into a folder feed, and checks what each carries.</summary>
    private async Task<string> PackAsync()
    {
        string feed = Path.Combine(_work.Path, "feed");
        string[] projects = [.. Directory.GetDirectories(Path.Combine(RepositoryRoot, "src"))
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)];
        string solution = Path.Combine(_work.Path, "packages.slnx");
        File.WriteAllText(solution, new XElement("Solution", projects.Select(p => new XElement("Project", new XAttribute("Path", Path.GetRelativePath(_work.Path, p))))).ToString());

        // Its own artifacts folder: the solution's bin and obj stay as the test run built them.
        await DotnetAsync(_work.Path, "pack", solution, "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_work.Path, "artifacts"), $"-p:MinVerVersionOverride={_version}");

        foreach (string project in projects)
        {
            string id = Path.GetFileNameWithoutExtension(project);
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.nupkg"));
            string[] entries = [.. package.Entries.Select(e => e.FullName)];
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);
            Assert.Contains("icon.png", entries);
            using (StreamReader readme = new(package.GetEntry("README.md")!.Open()))
            {
                Assert.StartsWith($"# {id}\n", await readme.ReadToEndAsync(), StringComparison.Ordinal);
            }

            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{_version}.snupkg")), $"{id} has no symbol package.");
        }

        return feed;
    }

    /// <summary>Lays out the app: the fixture's project and Program.cs, appsettings.json for the loopback server, a nuget.config.</summary>
    private string CreateApp(string feed)
    {
        string app = Path.Combine(_work.Path, "app");
        Directory.CreateDirectory(app);
        string fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "PackageConsumer");
        foreach (string file in Directory.GetFiles(fixture))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        // Stops MSBuild looking further up the temp folder for build files that are not the app's.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />\n");

        File.WriteAllText(Path.Combine(app, "appsettings.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Logging"] = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Information", ["ImageChat"] = "Warning", ["Polly"] = "Warning" } },
            ["ImageChat"] = new
            {
                ImageDirectory = Path.Combine(_work.Path, "images"),
                OpenAI = new { ApiKey = "sk-consumer-test", Endpoint = _server.Endpoint.ToString() },
            },
        }));

        // The folder feed is added to this machine's NuGet sources (the user's NuGet.Config still applies).
        new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "imagechat-test-feed"), new XAttribute("value", feed))))
            .Save(Path.Combine(app, "nuget.config"));
        return app;
    }

    private static string MachinePackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs the dotnet CLI to the end and returns its output; a non-zero exit fails the test with that output.</summary>
    private static async Task<string> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        (int exitCode, string output) = await DotnetCli.RunAsync(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        return output;
    }

    private static string Metadata(string key) => DotnetCli.Metadata(key);
}
