using System.Net;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>Latencies of one series of requests made one at a time, or why the series could not be made.</summary>
internal sealed record Timings(double P50, double P95, string? Unavailable)
{
    public bool Available => Unavailable is null;

    public string Summary => Available ? $"p50 {P50:F1} / p95 {P95:F1} ms" : Unavailable!;

    public static Timings Of(double[] latencies)
    {
        Array.Sort(latencies);
        return new(latencies[latencies.Length / 2], latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.95))], null);
    }

    public static Timings NotAvailable(HttpStatusCode status) => new(0, 0, $"not available ({(int)status})");
}
