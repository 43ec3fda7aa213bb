using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Functions.Targets;
using ConsularHelpdesk.Targets;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Functions.Tests.Targets;

/// <summary>The daily timer function called directly: it runs the core gap alert, which starts with the roster.</summary>
public sealed class CoverGapAlertFunctionTests : IDisposable
{
    private readonly RequestLog _requests = new();
    private readonly ServiceProvider _services;

    public CoverGapAlertFunctionTests() => _services = TestServices.Create(s => s.AddSingleton<HttpPipelinePolicy>(_requests));

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task EachTimerRunReadsTheRosterAndAnOutageFailsTheRunForTheNextOne()
    {
        var function = new CoverGapAlertFunction(_services.GetRequiredService<CoverGapAlerts>());

        var run = () => function.RunAsync(new TimerInfo(), CancellationToken.None);

        await run.Should().ThrowAsync<Azure.RequestFailedException>();
        _requests.Uris.Should().NotBeEmpty().And.Contain(u => u.AbsolutePath.Contains("Roster", StringComparison.Ordinal));
    }

    [Fact]
    public void ASelfHostPeriodLongerThanADayStopsTheStartNamingTheSetting()
    {
        using var services = TestServices.Create(("CoverGapAlerts:Period", "2.00:00:00"));

        var read = () => services.GetRequiredService<IOptions<CoverGapAlertOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*Period*");
    }

    private sealed class RequestLog : HttpPipelinePolicy
    {
        private readonly ConcurrentQueue<Uri> _uris = new();

        public IReadOnlyList<Uri> Uris => [.. _uris];

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            _uris.Enqueue(message.Request.Uri.ToUri());
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            _uris.Enqueue(message.Request.Uri.ToUri());
            return ProcessNextAsync(message, pipeline);
        }
    }
}
