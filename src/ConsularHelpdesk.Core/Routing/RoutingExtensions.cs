using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Geo;
using ConsularHelpdesk.Routing.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Routing;

internal static class RoutingExtensions
{
    /// <summary>The post catalogue, boundaries and gazetteer are read from the assembly's data files once, at start.</summary>
    public static IServiceCollection AddJurisdictionRouting(this IServiceCollection services)
    {
        services.AddSingleton(_ => PostCatalog.LoadEmbedded());
        services.AddSingleton<IGeoLocator>(_ => GeoLocator.LoadEmbedded());
        services.AddSingleton(_ => PlaceRecognizer.LoadEmbedded());
        services.AddSingleton<IConversationRouter, ConversationRouter>();
        services.AddSingleton<ReferenceData>();
        services.AddHostedService<RoutingWarmup>();
        return services;
    }
}
