using ConsularHelpdesk.Ingest;
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
        return services;
    }
}
