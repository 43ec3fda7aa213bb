using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

internal static class TriageExtensions
{
    public static IServiceCollection AddTriage(this IServiceCollection services)
    {
        services.AddOptions<AgentDirectoryOptions>().BindConfiguration(AgentDirectoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<TriageService>();
        services.AddSingleton<PostScopes>();
        services.AddSingleton<InboxSnapshots>();
        services.AddSingleton<ConversationLists>();
        services.AddSingleton<ConversationSearchIndex>();
        services.AddSingleton<ConversationSearch>();
        services.AddSingleton<IMessageRecordedHandler, SearchIndexer>();
        services.AddSingleton<AgentPresence>();
        // A public type with an internal constructor (the Functions trigger takes it), which Microsoft DI does not call.
        services.AddSingleton(sp => new CrisisTagging(sp.GetRequiredService<StorageClients>(), sp.GetRequiredService<AreaActivity>(), sp.GetRequiredService<CrisisTags>(), sp.GetRequiredService<OpenCrises>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CrisisTagging>>()));
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<CrisisTagging>());
        return services;
    }
}
