using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Loads and validates the automatic replies' texts when the host starts, so that a bad row stops the start with the
/// row named instead of failing the first acknowledgement at night.
/// </summary>
internal sealed class AutoReplyTextsWarmup(AutoReplyTexts texts) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = texts.GreetingFor(Routing.Posts.Central, Routing.Text.Languages.En);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
