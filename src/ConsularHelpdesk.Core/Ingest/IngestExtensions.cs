using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

internal static class IngestExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QueuePumpOptions>().BindConfiguration(QueuePumpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(MetaSecrets.FromConfiguration(configuration));
        services.AddSingleton<InboundQueue>();
        // Public types with internal constructors, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new WebhookReceiver(sp.GetRequiredService<MetaSecrets>(), sp.GetRequiredService<InboundQueue>(), sp.GetRequiredService<ILogger<WebhookReceiver>>()));
        services.AddSingleton<IChannelParser, Channels.WhatsApp.WhatsAppParser>();
        services.AddSingleton<IChannelParser, Channels.Messenger.MessengerParser>();
        services.AddSingleton<IncidentLog>();
        services.AddSingleton<AccountEventLog>();
        services.AddOptions<WhatsAppAccountOptions>().BindConfiguration(WhatsAppAccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OwnAccounts>();
        services.AddSingleton(sp => new InboundProcessor(sp.GetRequiredService<InboundQueue>(), sp.GetRequiredService<IEnumerable<IChannelParser>>(), sp.GetRequiredService<ThreadStore>(), sp.GetRequiredService<MessageLog>(), sp.GetRequiredService<IncidentLog>(), sp.GetRequiredService<AccountEventLog>(), sp.GetRequiredService<OwnAccounts>(), sp.GetRequiredService<IEnumerable<IMessageRecordedHandler>>(), sp.GetRequiredService<MessageChanges>(), sp.GetRequiredService<ILogger<InboundProcessor>>()));
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<InboundProcessor>());
        services.AddSingleton<QueuePump>();
        return services;
    }
}
