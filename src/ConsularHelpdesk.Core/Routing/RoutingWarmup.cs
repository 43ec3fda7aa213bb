using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Routing;

/// <summary>
/// Loads and validates the routing data (catalogue, boundaries, gazetteer) when the host starts, so that a bad
/// data file stops the start with the row named, and the first citizen does not wait for the loading.
/// </summary>
internal sealed class RoutingWarmup(IConversationRouter router) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = router.Route(new RoutingInput(Text: "Lubumbashi", Location: new Channels.GeoPoint(50.85, 4.35), PhoneNumber: "32470000000"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
