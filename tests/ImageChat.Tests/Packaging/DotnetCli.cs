using System.Diagnostics;
using System.Reflection;

namespace ImageChat.Tests.Packaging;

/// <summary>The dotnet CLI as the packaging tests run it: a plain environment, no build servers left behind.</summary>
internal static class DotnetCli
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The repository this test assembly was built from.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> to the end; returns its exit code and its output and errors.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] is "build" or "pack")
        {
            // No build servers left running after the test.
            start.ArgumentList.Add("--disable-build-servers");
        }

        // The test host runs under MSBuild's environment; a nested build must start from a plain one.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>A value the test project's build recorded in this assembly (<c>AssemblyMetadata</c> in the .csproj).</summary>
    public static string Metadata(string key) =>
        typeof(DotnetCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
