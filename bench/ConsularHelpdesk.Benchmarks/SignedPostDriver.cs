using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// Posts signed bodies as Meta would, a bounded number at a fixed concurrency, to any endpoint: the webhook and the
/// bare enqueue endpoint are driven by this one driver, so their figures differ only by what the server does.
/// </summary>
internal sealed class SignedPostDriver(Uri baseAddress, string path) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    public async Task<AckFigures> RunAsync(IReadOnlyList<string> bodies, int concurrency)
    {
        var latencies = new double[bodies.Count];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var bytes = Encoding.UTF8.GetBytes(bodies[i]);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(bytes, BenchHost.AppSecret));
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }

            latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        });
        return new AckFigures(latencies, failures, clock.Elapsed);
    }

    public void Dispose() => _http.Dispose();
}
