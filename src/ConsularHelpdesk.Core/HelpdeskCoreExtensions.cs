using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsularHelpdesk;

public static class HelpdeskCoreExtensions
{
    /// <summary>Storage, ingest and threads: everything both hosts share. Options are validated at start.</summary>
    public static IServiceCollection AddHelpdeskCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .PostConfigure(o => o.FallBackToFunctionsStorage(configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<QueuePumpOptions>().BindConfiguration(QueuePumpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(MetaSecrets.FromConfiguration(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StorageClients>();
        services.AddSingleton<InboundQueue>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<IChannelParser, Channels.WhatsApp.WhatsAppParser>();
        services.AddSingleton<IChannelParser, Channels.Messenger.MessengerParser>();
        services.AddSingleton<IConversationRouter, CentralDeskRouter>();
        services.AddSingleton<ThreadStore>();
        services.AddSingleton<IncidentLog>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<QueuePump>();
        services.AddSingleton<ReferenceData>();
        return services;
    }

    /// <summary>Creates storage and seeds the reference data when the host starts (register after whatever provides storage).</summary>
    public static IServiceCollection AddStorageInitializer(this IServiceCollection services)
    {
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
