using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Privacy;

internal static class PrivacyExtensions
{
    /// <summary>Purging conversations (retention, erasure) and the retention sweep, its options validated at start.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton<ConversationPurge>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A public type with an internal constructor, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new RetentionSweep(
            sp.GetRequiredService<StorageClients>(), sp.GetRequiredService<PostCatalog>(), sp.GetRequiredService<ConversationPurge>(), sp.GetRequiredService<ContactBook>(),
            sp.GetRequiredService<ContactConversations>(), sp.GetRequiredService<ConversationHeaders>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<IOptions<RetentionOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RetentionSweep>>()));
        return services;
    }
}
