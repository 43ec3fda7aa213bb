using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Ingest;

internal static class IngestExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QueuePumpOptions>().BindConfiguration(QueuePumpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(MetaSecrets.FromConfiguration(configuration));
        services.AddSingleton<InboundQueue>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<IChannelParser, Channels.WhatsApp.WhatsAppParser>();
        services.AddSingleton<IChannelParser, Channels.Messenger.MessengerParser>();
        services.AddSingleton<IncidentLog>();
        services.AddSingleton<AccountEventLog>();
        services.AddOptions<WhatsAppAccountOptions>().BindConfiguration(WhatsAppAccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OwnAccounts>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<InboundProcessor>());
        services.AddSingleton<QueuePump>();
        return services;
    }
}
