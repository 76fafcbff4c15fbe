using System.Diagnostics;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace ImageChat.Benchmarks;

/// <summary>
/// CPU time per operation: the benchmark process's user + kernel time over the actual workload iterations, divided by
/// their operations. Unlike the mean, it leaves out time spent waiting for the server (which runs in another process)
/// and counts the work of every thread (thread pool, sockets, GC).
/// </summary>
internal sealed class CpuTimeDiagnoser : IDiagnoser
{
    public static readonly CpuTimeDiagnoser Instance = new();

    private readonly Dictionary<BenchmarkCase, TimeSpan> _started = [];
    private readonly Dictionary<BenchmarkCase, TimeSpan> _used = [];

    public IEnumerable<string> Ids => ["CpuTime"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal == HostSignal.BeforeActualRun)
        {
            _started[parameters.BenchmarkCase] = ProcessorTime(parameters.Process);
        }
        else if (signal == HostSignal.AfterActualRun && _started.TryGetValue(parameters.BenchmarkCase, out TimeSpan started))
        {
            _used[parameters.BenchmarkCase] = ProcessorTime(parameters.Process) - started;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        long operations = results.Measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .Sum(m => m.Operations);
        if (operations > 0 && _used.TryGetValue(results.BenchmarkCase, out TimeSpan used))
        {
            yield return new Metric(CpuTimeMetricDescriptor.Instance, used.TotalNanoseconds / operations);
        }
    }

    public void DisplayResults(ILogger logger)
    {
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private static TimeSpan ProcessorTime(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>The CPU time metric, shown beside the mean.</summary>
    internal sealed class CpuTimeMetricDescriptor : IMetricDescriptor
    {
        public static readonly CpuTimeMetricDescriptor Instance = new();

        public string Id => "CpuTime";

        public string DisplayName => "CPU";

        public string Legend => "Processor time (user + kernel, all threads) of the benchmark process per operation";

        public string NumberFormat => "G4";

        public UnitType UnitType => UnitType.Time;

        public string Unit => "ns";

        public bool TheGreaterTheBetter => false;

        public int PriorityInCategory => 0;

        public bool GetIsAvailable(Metric metric) => true;
    }
}
