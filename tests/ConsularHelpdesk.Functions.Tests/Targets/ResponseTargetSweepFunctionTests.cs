using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Functions.Targets;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Targets;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Functions.Tests.Targets;

/// <summary>The timer function called directly: it runs the core sweep, which starts with the due rows of the deadline index.</summary>
public sealed class ResponseTargetSweepFunctionTests : IDisposable
{
    private readonly RequestLog _requests = new();
    private readonly ServiceProvider _services;

    public ResponseTargetSweepFunctionTests() => _services = TestServices.Create(s => s.AddSingleton<HttpPipelinePolicy>(_requests));

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task EachTimerRunReadsOnlyTheDueRowsOfTheDeadlineIndexAndAnOutageFailsTheRunForTheNextOne()
    {
        var function = new ResponseTargetSweepFunction(_services.GetRequiredService<ResponseTargetSweeper>());

        var run = () => function.RunAsync(new TimerInfo(), CancellationToken.None);

        await run.Should().ThrowAsync<Azure.RequestFailedException>();
        _requests.Uris.Should().NotBeEmpty().And.OnlyContain(u => u.AbsolutePath.EndsWith("/Deadlines()", StringComparison.Ordinal) && u.Query.Contains("RowKey%20lt", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUrgentNearTimeNotShorterThanTheUrgentTargetStopsTheStartNamingTheSetting()
    {
        using var services = TestServices.Create(("ResponseTargets:UrgentNear", "00:20:00"));

        var read = () => services.GetRequiredService<IOptions<ResponseTargetOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*UrgentNear*");
    }

    [Fact]
    public void AWebhookWithoutAnAbsoluteUrlStopsTheStartNamingTheRow()
    {
        using var services = TestServices.Create(("Notifications:Webhooks:0:Role", "centralDesk"), ("Notifications:Webhooks:0:Url", "/relative"));

        var read = () => services.GetRequiredService<IOptions<NotificationOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*Notifications:Webhooks:0*Url*");
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
