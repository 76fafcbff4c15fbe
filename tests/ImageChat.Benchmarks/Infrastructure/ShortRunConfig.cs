using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ImageChat.Benchmarks;

/// <summary>
/// For operations of a few milliseconds (a conversation over loopback): 3 warmups and 10 iterations of half a second,
/// about 10 s per benchmark on 2 cores instead of BenchmarkDotNet's minute. Reports allocations and CPU time.
/// In process: BenchmarkDotNet's generated project would rebuild the solution for every run, which takes minutes on a
/// busy 2-core machine; the loopback server still runs in a process of its own, so nothing of it is counted.
/// </summary>
internal sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(500))
            .WithId("ShortRun"));
        AddDiagnoser(MemoryDiagnoser.Default, CpuTimeDiagnoser.Instance);
        AddColumn(CpuTimeRatioColumn.Instance);
    }
}
