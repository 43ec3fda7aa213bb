using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// A typed client of Meta's Graph API, as the sends and the media downloads use it: the configured base address
/// (<c>GraphApi:BaseUrl</c>), and Meta's passing failures (429, 5xx, network) retried with exponential backoff and
/// jitter, Retry-After honoured (<c>GraphApi:MaxRetries</c> from <c>GraphApi:RetryDelay</c>), each attempt bounded.
/// </summary>
internal static class GraphApiHttp
{
    public static IHttpClientBuilder AddGraphApiClient<TClient>(this IServiceCollection services, string name, TimeSpan attemptTimeout)
        where TClient : class
    {
        var client = services.AddHttpClient<TClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<GraphApiOptions>>().Value.BaseUrl);
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GraphApiOptions>>().Value;
            pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = Math.Max(1, options.MaxRetries), Delay = options.RetryDelay, UseJitter = true });
            pipeline.AddTimeout(attemptTimeout);
        });
        return client;
    }
}
