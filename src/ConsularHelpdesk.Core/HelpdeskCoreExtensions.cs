using ConsularHelpdesk.Broadcasts;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Targets;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsularHelpdesk;

internal static class HelpdeskCoreExtensions
{
    /// <summary>Everything both hosts share, one feature at a time. Options and data are validated at start.</summary>
    public static IServiceCollection AddHelpdeskCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddStorage(configuration)
            .AddIngest(configuration)
            .AddJurisdictionRouting()
            .AddDistress()
            .AddCoverage()
            .AddCrises()
            .AddThreads()
            .AddReplies()
            .AddMedia()
            .AddTriage()
            .AddNotifications()
            .AddTargets()
            .AddBroadcasts()
            .AddPrivacyRequests()
            .AddPrivacy();
    }

    /// <summary>Creates storage and seeds the reference data when the host starts (register after whatever provides storage).</summary>
    public static IServiceCollection AddStorageInitializer(this IServiceCollection services)
    {
        // Hosted services start in registration order: the tables first, then what Routing writes into them.
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<ReferenceDataSeeder>();
        services.AddHostedService<StoredClosuresWarmup>();
        services.AddHostedService<OpenCrisesWarmup>();
        return services;
    }
}
