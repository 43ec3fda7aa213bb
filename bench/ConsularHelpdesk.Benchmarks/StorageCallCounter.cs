using Azure.Core;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Server.Hosting;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// Counts the app's storage requests by service, as a pipeline policy on its own clients (registered in DI, like
/// the test's StorageCallLog): tables and blobs are what a message costs, queues apart (the pump polls all the time).
/// Azurite serves each service on its own port, which tells them apart without parsing the address.
/// </summary>
internal sealed class StorageCallCounter(Azurite azurite) : HttpPipelinePolicy
{
    private long _tables;
    private long _blobs;
    private long _queues;

    public StorageCalls Read() => new(Interlocked.Read(ref _tables), Interlocked.Read(ref _blobs), Interlocked.Read(ref _queues));

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
        var port = message.Request.Uri.Port;
        if (port == azurite.TablePort)
        {
            Interlocked.Increment(ref _tables);
        }
        else if (port == azurite.BlobPort)
        {
            Interlocked.Increment(ref _blobs);
        }
        else if (port == azurite.QueuePort)
        {
            Interlocked.Increment(ref _queues);
        }
    }
}
