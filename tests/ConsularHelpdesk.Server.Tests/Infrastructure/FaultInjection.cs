using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// Fails the next <c>count</c> storage requests that match, as a crash or an outage at that point would: with a
/// storage error, or with the exception <c>fault</c> makes (a bug).
/// </summary>
public sealed class FaultInjection(Func<HttpMessage, bool> matches, int count, Func<Exception>? fault = null) : HttpPipelinePolicy
{
    private readonly int _count = count;
    private int _remaining = count;

    public int Injected => _count - Math.Max(0, Volatile.Read(ref _remaining));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Inject(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Inject(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Inject(HttpMessage message)
    {
        if (matches(message) && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw fault?.Invoke() ?? new RequestFailedException(500, "Injected fault");
        }
    }
}
