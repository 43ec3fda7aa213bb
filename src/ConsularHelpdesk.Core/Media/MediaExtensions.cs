using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
        // A passing failure still there after the client's retries is one for the queue to retry.
        services.AddGraphApiClient<MediaFetcher>("media", TimeSpan.FromSeconds(30))
            // The factory's request logging names each address: a media id or a CDN path, which no log may hold.
            .RemoveAllLoggers()
            // Redirects are followed by hand, each checked against Meta's hosts (MediaAddresses).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<IMessageRecordedHandler, MediaDownloads>();
        // A public type with an internal constructor, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new MediaDownloader(sp.GetRequiredService<MediaQueue>(), sp.GetRequiredService<MessageLog>(), sp.GetRequiredService<MediaFetcher>(), sp.GetRequiredService<IOptions<MediaOptions>>(), sp.GetRequiredService<ILogger<MediaDownloader>>()));
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<MediaDownloader>());
        return services;
    }
}
