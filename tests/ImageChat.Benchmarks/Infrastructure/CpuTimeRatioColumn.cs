using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ImageChat.Benchmarks;

/// <summary>The CPU time of a benchmark over its baseline's, as BenchmarkDotNet shows the ratios of time and allocations.</summary>
internal sealed class CpuTimeRatioColumn : BaselineCustomColumn
{
    public static readonly CpuTimeRatioColumn Instance = new();

    public override string Id => nameof(CpuTimeRatioColumn);

    public override string ColumnName => "CPU Ratio";

    public override ColumnCategory Category => ColumnCategory.Metric;

    public override int PriorityInCategory => 1;

    public override bool IsNumeric => true;

    public override UnitType UnitType => UnitType.Dimensionless;

    public override string Legend => "CPU time per operation over the baseline's";

    public override string GetValue(
        Summary summary,
        BenchmarkCase benchmarkCase,
        Statistics baseline,
        IReadOnlyDictionary<string, Metric> baselineMetrics,
        Statistics current,
        IReadOnlyDictionary<string, Metric> currentMetrics,
        bool isBaseline) =>
        baselineMetrics.TryGetValue(CpuTimeDiagnoser.CpuTimeMetricDescriptor.Instance.Id, out Metric? b) && b.Value > 0
            && currentMetrics.TryGetValue(CpuTimeDiagnoser.CpuTimeMetricDescriptor.Instance.Id, out Metric? c)
            ? (c.Value / b.Value).ToString("N2", summary.GetCultureInfo() ?? CultureInfo.InvariantCulture)
            : "NA";
}
