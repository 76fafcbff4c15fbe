using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ImageChat.Benchmarks;

/// <summary>
/// For operations of a second or more (slow images, a thousand conversations at once): one operation per iteration,
/// one warmup and three measured iterations, no pilot. Reports allocations and CPU time.
/// In process: BenchmarkDotNet's generated project would rebuild the solution for every run, which takes minutes on a
/// busy 2-core machine; the loopback server still runs in a process of its own, so nothing of it is counted.
/// </summary>
internal sealed class SlowRunConfig : ManualConfig
{
    public SlowRunConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("SlowRun"));
        AddDiagnoser(MemoryDiagnoser.Default, CpuTimeDiagnoser.Instance);
        AddColumn(CpuTimeRatioColumn.Instance);
    }
}
