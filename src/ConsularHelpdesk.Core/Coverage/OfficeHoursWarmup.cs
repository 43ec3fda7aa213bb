using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Loads and validates the office-hours data when the host starts, so that a bad row stops the start with the row
/// named instead of failing the first question about a post's hours.
/// </summary>
internal sealed class OfficeHoursWarmup(OfficeHoursCalendar calendar) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = calendar.For(Routing.Posts.Central);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
