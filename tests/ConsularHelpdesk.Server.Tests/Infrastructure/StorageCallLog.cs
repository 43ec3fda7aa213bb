using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>Records every storage request the app makes (method and address), to count what an operation costs.</summary>
/// <param name="tablePort">The table endpoint's port (Azurite serves each service on its own port).</param>
public sealed class StorageCallLog(int tablePort) : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(RequestMethod Method, Uri Uri)> _calls = new();

    public IReadOnlyList<(RequestMethod Method, Uri Uri)> Calls => [.. _calls];

    /// <summary>The table requests only (the pump polls its queues all the time), as "GET PendingSends()?$filter=…".</summary>
    public IReadOnlyList<string> TableCalls => [.. Calls.Where(c => c.Uri.Port == tablePort).Select(c => $"{c.Method} {Uri.UnescapeDataString(c.Uri.PathAndQuery)}")];

    public void Clear() => _calls.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _calls.Enqueue((message.Request.Method, message.Request.Uri.ToUri()));
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _calls.Enqueue((message.Request.Method, message.Request.Uri.ToUri()));
        return ProcessNextAsync(message, pipeline);
    }
}
