using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Functions.Replies;
using ConsularHelpdesk.Replies;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Functions.Tests.Replies;

/// <summary>The timer function called directly: it runs the core sweep, which starts with the due rows of the pending-sends index.</summary>
public sealed class StuckReplySweepFunctionTests : IDisposable
{
    private readonly RequestLog _requests = new();
    private readonly ServiceProvider _services;

    public StuckReplySweepFunctionTests() => _services = TestServices.Create(s => s.AddSingleton<HttpPipelinePolicy>(_requests));

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task EachTimerRunSweepsThePendingSendsIndexAndAnOutageFailsTheRunForTheNextOne()
    {
        var function = new StuckReplySweepFunction(_services.GetRequiredService<StuckReplySweeper>());

        var run = () => function.RunAsync(new TimerInfo(), CancellationToken.None);

        // Storage is unreachable here: the run fails (the next run sweeps again), after asking for the due index rows.
        await run.Should().ThrowAsync<Azure.RequestFailedException>();
        _requests.Uris.Should().NotBeEmpty().And.OnlyContain(u => u.AbsolutePath.EndsWith("/PendingSends()", StringComparison.Ordinal) && u.Query.Contains("RowKey%20lt", StringComparison.Ordinal));
    }

    [Fact]
    public void AGracePeriodUnderTenSecondsStopsTheStartNamingTheSetting()
    {
        using var services = TestServices.Create(("StuckReplies:Grace", "00:00:01"));

        var read = () => services.GetRequiredService<IOptions<StuckReplyOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*Grace*");
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
