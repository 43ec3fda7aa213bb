using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Distress;

/// <summary>
/// Loads, validates and compiles the phrase lists when the host starts, so that a bad entry (unknown category or
/// level, empty phrase) stops the start with the entry named, and the first message does not wait for the lists.
/// </summary>
internal sealed class DistressWarmup(IDistressAssessor assessor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = assessor.Assess("warm up", "en");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
