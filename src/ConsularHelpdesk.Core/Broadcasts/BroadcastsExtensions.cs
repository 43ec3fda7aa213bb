using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Broadcasts;

internal static class BroadcastsExtensions
{
    public static IServiceCollection AddBroadcasts(this IServiceCollection services)
    {
        services.AddOptions<BroadcastRunOptions>().BindConfiguration(BroadcastRunOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BroadcastQueue>();
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<BroadcastReceipts>();
        services.AddSingleton<IBroadcastReceipts>(sp => sp.GetRequiredService<BroadcastReceipts>());

        // A public type with an internal constructor, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new BroadcastRunner(
            sp.GetRequiredService<BroadcastStore>(), sp.GetRequiredService<BroadcastQueue>(), sp.GetRequiredService<BroadcastReceipts>(), sp.GetRequiredService<AreaActivity>(),
            sp.GetRequiredService<ConversationHeaders>(), sp.GetRequiredService<ContactBook>(), sp.GetRequiredService<MessageLog>(), sp.GetRequiredService<PendingSends>(),
            sp.GetRequiredService<OutboundQueue>(), sp.GetRequiredService<SendRules>(), sp.GetRequiredService<IOptions<BroadcastRunOptions>>(), sp.GetRequiredService<IOptions<BroadcastRuleOptions>>(),
            sp.GetRequiredService<IOptions<SendThrottleOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BroadcastRunner>>()));
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<BroadcastRunner>());
        return services;
    }
}
