using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Crises;

internal static class CrisesExtensions
{
    /// <summary>The area activity index and crisis mode.</summary>
    public static IServiceCollection AddCrises(this IServiceCollection services)
    {
        services.AddSingleton<ConversationArea>();
        services.AddSingleton<AreaActivity>();
        services.AddSingleton<CrisisStore>();
        services.AddSingleton<OpenCrises>();
        services.AddSingleton<CrisisConversations>();
        services.AddSingleton<CrisisQueries>();
        services.AddSingleton<CrisisReplies>();
        return services;
    }
}
