using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// Records the storage requests of the work a test runs through <see cref="CallsOfAsync"/> (its async flow) only, not
/// those the host's queue pumps and timers make beside it: what one operation costs while the app keeps running.
/// </summary>
public sealed class ScopedCallLog : HttpPipelinePolicy
{
    private readonly AsyncLocal<ConcurrentQueue<(RequestMethod Method, Uri Uri)>?> _current = new();

    /// <summary>Runs <paramref name="work"/> and returns the storage requests it made, as "POST /devstoreaccount1/…".</summary>
    public async Task<IReadOnlyList<string>> CallsOfAsync(Func<Task> work)
    {
        var calls = new ConcurrentQueue<(RequestMethod Method, Uri Uri)>();
        _current.Value = calls;
        try
        {
            await work();
        }
        finally
        {
            _current.Value = null;
        }

        return [.. calls.Select(c => $"{c.Method} {Uri.UnescapeDataString(c.Uri.PathAndQuery)}")];
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _current.Value?.Enqueue((message.Request.Method, message.Request.Uri.ToUri()));
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        _current.Value?.Enqueue((message.Request.Method, message.Request.Uri.ToUri()));
        return ProcessNextAsync(message, pipeline);
    }
}
