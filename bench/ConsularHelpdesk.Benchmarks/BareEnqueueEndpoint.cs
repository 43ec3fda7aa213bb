using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// The acknowledgement floor: bare Kestrel on loopback whose one endpoint only puts the body on a queue of its own
/// (base64, as the webhook's envelope carries it) on the same Azurite with the app's client settings, and answers 200. No signature
/// check, no envelope, no middleware: what a webhook answer cannot be cheaper than on this machine and emulator.
/// </summary>
internal sealed class BareEnqueueEndpoint(WebApplication app) : IAsyncDisposable
{
    public const string Path = "bare";

    public Uri BaseAddress => new(app.Urls.First() + "/");

    public static async Task<BareEnqueueEndpoint> StartAsync(StorageClients storage)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var queue = storage.Queue("bare");
        await queue.CreateIfNotExistsAsync();
        app.MapPost("/" + Path, async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            await queue.SendMessageAsync(Convert.ToBase64String(body.GetBuffer(), 0, (int)body.Length), context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return new BareEnqueueEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
