using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ConsularHelpdesk.Media;

internal static class MediaExtensions
{
    /// <summary>Citizens' files: the download step after a message is stored, the media container, the queue's handler.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MediaAddresses>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<MediaQueue>();
        services.AddHttpClient<MediaFetcher>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<GraphApiOptions>>().Value.BaseUrl)
            // Redirects are followed by hand, each checked against Meta's hosts (MediaAddresses).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddResilienceHandler("media", (pipeline, context) =>
            {
                // 429, 5xx and network failures: retried with exponential backoff and jitter (Retry-After honoured),
                // as the Graph API client's sends; what still fails is a passing failure for the queue to retry.
                var graph = context.ServiceProvider.GetRequiredService<IOptions<GraphApiOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = Math.Max(1, graph.MaxRetries), Delay = graph.RetryDelay, UseJitter = true });
                pipeline.AddTimeout(TimeSpan.FromSeconds(30));
            });
        services.AddSingleton<IMessageRecordedHandler, MediaDownloads>();
        // A public type with an internal constructor, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new MediaDownloader(sp.GetRequiredService<MediaQueue>(), sp.GetRequiredService<MessageLog>(), sp.GetRequiredService<MediaFetcher>(), sp.GetRequiredService<IOptions<MediaOptions>>(), sp.GetRequiredService<ILogger<MediaDownloader>>()));
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<MediaDownloader>());
        return services;
    }
}
