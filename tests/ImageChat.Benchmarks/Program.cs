using BenchmarkDotNet.Running;
using ImageChat.Benchmarks;

// dotnet run -c Release --project tests/ImageChat.Benchmarks -- --filter '*'        all BenchmarkDotNet benchmarks
// dotnet run -c Release --project tests/ImageChat.Benchmarks -- --filter '*Reference*'   one class (see docs/benchmarks.md)
// dotnet run -c Release --project tests/ImageChat.Benchmarks -- retained          the retained-memory job
// dotnet run -c Release --project tests/ImageChat.Benchmarks -- first-update      time to the first streamed text
// dotnet run -c Release --project tests/ImageChat.Benchmarks -- tokens            prompt tokens, default and compact
// dotnet run -c Release --project tests/ImageChat.Benchmarks -- allocations       where the reference conversation's bytes go
// dotnet run -c Release --project tests/ImageChat.Benchmarks -- cpu               processor time, ImageChat against the MEAI loop, side by side
switch (args.FirstOrDefault())
{
    case "serve":
        return await ScriptedServer.RunAsync(ServerOptions.Parse(args[1..]));
    case "first-update":
        ServerProcess.PublishHostCommand();
        return await FirstUpdateJob.RunAsync(args[1..]);
    case "tokens":
        ServerProcess.PublishHostCommand();
        return await TokensJob.RunAsync();
    case "allocations":
        ServerProcess.PublishHostCommand();
        return await AllocationsJob.RunAsync(args[1..]);
    case "cpu":
        ServerProcess.PublishHostCommand();
        return await CpuJob.RunAsync(args[1..]);
    case "retained":
        ServerProcess.PublishHostCommand();
        return await RetainedMemoryJob.RunAsync(args[1..]);
    default:
        ServerProcess.PublishHostCommand();
        BenchmarkSwitcher.FromAssembly(typeof(ServerProcess).Assembly).Run(args);
        return 0;
}
