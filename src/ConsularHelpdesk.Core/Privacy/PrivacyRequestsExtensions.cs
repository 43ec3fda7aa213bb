using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Privacy;

internal static class PrivacyRequestsExtensions
{
    /// <summary>A citizen's access requests (export) and erasure.</summary>
    public static IServiceCollection AddPrivacyRequests(this IServiceCollection services)
    {
        services.AddSingleton<CitizenFinder>();
        services.AddSingleton<CitizenExport>();
        services.AddSingleton<ErasureRequests>();
        services.AddSingleton<QueueScrubber>();
        services.AddSingleton<CitizenErasure>();
        return services;
    }
}
