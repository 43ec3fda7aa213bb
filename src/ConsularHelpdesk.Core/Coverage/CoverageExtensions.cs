using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Coverage;

internal static class CoverageExtensions
{
    /// <summary>Office hours per post, regional hubs and the duty roster; the data files read once and validated at start.</summary>
    public static IServiceCollection AddCoverage(this IServiceCollection services)
    {
        services.AddSingleton(sp => OfficeHoursCalendar.LoadEmbedded(sp.GetRequiredService<PostCatalog>()));
        services.AddSingleton<HostCountryHolidays>();
        services.AddSingleton<ClosureStore>();
        services.AddSingleton<StoredClosures>();
        services.AddSingleton<OfficeHours>();
        services.AddHostedService<OfficeHoursWarmup>();
        services.AddSingleton(sp => RegionalHubs.LoadEmbedded(sp.GetRequiredService<PostCatalog>()));
        services.AddHostedService<RegionalHubsWarmup>();
        services.AddSingleton<DutyRoster>();
        services.AddSingleton<CoverRules>();
        services.AddSingleton<ClosedTime>();
        services.AddSingleton<DutyCover>();
        services.AddSingleton<CoverGaps>();
        services.AddSingleton<RosterTargets>();
        return services;
    }
}
