namespace ConsularHelpdesk.Benchmarks;

/// <summary>The answers to one driven series of requests: each latency (ms), the failures, and the time the series took.</summary>
internal sealed class AckFigures(double[] latencies, int failures, TimeSpan elapsed)
{
    private readonly double[] _sorted = [.. latencies.Order()];

    public int Count => _sorted.Length;

    public int Failures => failures;

    public TimeSpan Elapsed => elapsed;

    public double PerSecond => Count / elapsed.TotalSeconds;

    public double Max => _sorted[^1];

    public int AboveOneSecond => _sorted.Count(l => l > 1000);

    public double P(double quantile) => _sorted[Math.Min(_sorted.Length - 1, (int)(quantile * _sorted.Length))];

    /// <summary>Two series as one (the pump-on run is sent in two phases with a drain between them).</summary>
    public AckFigures Then(AckFigures next) => new([.. _sorted, .. next._sorted], failures + next.Failures, elapsed + next.Elapsed);

    public string Summary => $"p50 {P(0.50):F1} / p95 {P(0.95):F1} / p99 {P(0.99):F1} / max {Max:F0} ms, {PerSecond:F0}/s, {Failures} failed, {AboveOneSecond} above 1 s";
}
