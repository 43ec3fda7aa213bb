using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Privacy;

internal static class PrivacyExtensions
{
    /// <summary>Purging conversations (retention, erasure).</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton<ConversationPurge>();
        return services;
    }
}
