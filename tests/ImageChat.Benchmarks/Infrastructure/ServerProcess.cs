using System.Diagnostics;

namespace ImageChat.Benchmarks;

/// <summary>
/// Starts <see cref="ScriptedServer"/> in a child process on loopback and stops it again. The server is out of the
/// measured process because BenchmarkDotNet counts allocations process-wide and the CPU column reads process time.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    /// <summary>The environment variable through which the benchmark host tells its benchmark processes how to start itself.</summary>
    public const string HostCommandVariable = "IMAGECHAT_BENCHMARKS_HOST";

    private readonly Process _process;

    private ServerProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>Gets the OpenAI endpoint to give the SDK, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Remembers how this host was started, for the benchmark processes BenchmarkDotNet starts below it.</summary>
    public static void PublishHostCommand()
    {
        string process = Environment.ProcessPath!;
        string command = Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"{process}\n{typeof(ServerProcess).Assembly.Location}"
            : process;
        Environment.SetEnvironmentVariable(HostCommandVariable, command);
    }

    public static ServerProcess Start(ServerOptions options)
    {
        string command = Environment.GetEnvironmentVariable(HostCommandVariable)
            ?? throw new InvalidOperationException($"{HostCommandVariable} is not set: run the benchmarks through ImageChat.Benchmarks' Program (dotnet run -c Release --project tests/ImageChat.Benchmarks).");
        string[] parts = command.Split('\n');
        ProcessStartInfo start = new(parts[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in parts.Skip(1).Append("serve").Concat(options.ToArguments()))
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        string? endpoint = process.StandardOutput.ReadLine();
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"The benchmark server did not start: it printed '{endpoint}'.");
        }

        return new ServerProcess(process, uri);
    }

    public void Dispose()
    {
        _process.StandardInput.Close(); // The server stops when its input closes.
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
