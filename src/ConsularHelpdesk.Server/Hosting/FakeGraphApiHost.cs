using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Server.Simulation;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// For the local demo (GraphApi:StartFake): runs the fake Graph API at GraphApi:BaseUrl, so that replies go
/// nowhere real and <c>simulate</c> can show what the citizen received.
/// </summary>
internal sealed partial class FakeGraphApiHost(IOptions<GraphApiOptions> options, ILogger<FakeGraphApiHost> logger) : IHostedService, IAsyncDisposable
{
    private FakeGraphApi? _fake;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.BaseUrl;
        _fake = await FakeGraphApi.StartAsync($"{baseUrl.Scheme}://{baseUrl.Authority}");
        LogStarted(_fake.BaseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
            _fake = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fake Graph API (local demo) listening on {BaseUrl}; what citizens receive is at /received")]
    private partial void LogStarted(Uri baseUrl);
}
