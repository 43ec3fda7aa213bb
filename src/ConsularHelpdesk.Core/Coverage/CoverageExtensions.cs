using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Coverage;

internal static class CoverageExtensions
{
    /// <summary>Office hours per post, read from the assembly's data file once and validated at start.</summary>
    public static IServiceCollection AddCoverage(this IServiceCollection services)
    {
        services.AddSingleton(sp => OfficeHoursCalendar.LoadEmbedded(sp.GetRequiredService<PostCatalog>()));
        services.AddSingleton<HostCountryHolidays>();
        services.AddSingleton<ClosureStore>();
        services.AddSingleton<StoredClosures>();
        services.AddSingleton<OfficeHours>();
        services.AddHostedService<OfficeHoursWarmup>();
        return services;
    }
}
