using ConsularHelpdesk.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Threads;

internal static class ThreadsExtensions
{
    public static IServiceCollection AddThreads(this IServiceCollection services)
    {
        services.AddSingleton<ContactBook>();
        services.AddSingleton<ContactConversations>();
        services.AddSingleton<BroadcastWatermarks>();
        services.AddSingleton<ConversationHeaders>();
        services.AddSingleton<InboxProjection>();
        services.AddSingleton<MessageLog>();
        services.AddSingleton<SendClaims>();
        services.AddSingleton<ThreadStore>();
        services.AddSingleton<MessageChanges>();
        services.AddSingleton<ConversationTransfers>();
        services.AddSingleton<CrisisTags>();
        services.AddSingleton<ConversationLevels>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditReader>();
        return services;
    }
}
