using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>Counts the requests to the table endpoint (the queues and blobs have their own ports).</summary>
internal sealed class TableCallCounter(int tablePort) : HttpPipelinePolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        if (message.Request.Uri.Port == tablePort)
        {
            Interlocked.Increment(ref _count);
        }
    }
}
