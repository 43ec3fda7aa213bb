using System.Diagnostics;
using System.Net;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>An agent's browser on the triage API: signed in through the development sign-in, timing lists and polls.</summary>
internal sealed class TriageClient(HttpClient http) : IDisposable
{
    public static async Task<TriageClient> SignInAsync(Uri baseAddress, string agentId)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        using var signIn = await http.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", agentId)]));
        // The development sign-in answers with a redirect to the page once the cookie is set.
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            http.Dispose();
            throw new InvalidOperationException($"The sign-in of {agentId} answered {(int)signIn.StatusCode}.");
        }

        return new TriageClient(http);
    }

    /// <summary>Times a list read whole; a 400 or 404 on the first request means the endpoint is not there (yet).</summary>
    public async Task<Timings> TimeAsync(string url, int rounds)
    {
        var latencies = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            _ = await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                return i == 0 && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest
                    ? Timings.NotAvailable(response.StatusCode)
                    : throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}.");
            }
        }

        return Timings.Of(latencies);
    }

    /// <summary>Times polls with the list's ETag while nothing changes: each must answer 304.</summary>
    public async Task<Timings> TimePollAsync(string url, int rounds)
    {
        using var first = await http.GetAsync(url);
        if (first.Headers.ETag is not { } etag)
        {
            return new Timings(0, 0, "no ETag on the list");
        }

        var latencies = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(etag);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            _ = await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.NotModified)
            {
                throw new InvalidOperationException($"A poll of {url} answered {(int)response.StatusCode}.");
            }
        }

        return Timings.Of(latencies);
    }

    public void Dispose() => http.Dispose();
}
