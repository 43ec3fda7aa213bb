using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// A notification webhook's receiver on loopback (Teams, e-mail or paging in real life): records every body it gets,
/// raw, and answers the status codes queued with <see cref="FailNext"/> before answering 200.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentQueue<int> _failures = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First() + "/hook");

    /// <summary>Every body received, in order, including those answered with a failure.</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    public void FailNext(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            _failures.Enqueue(code);
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver._bodies.Enqueue(await reader.ReadToEndAsync());
            return receiver._failures.TryDequeue(out var status) ? Results.StatusCode(status) : Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
