using Azure.Core.Pipeline;
using ConsularHelpdesk.Server;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>Starts the self-host on loopback against the benchmark's Azurite, and storage clients with the app's settings.</summary>
internal static class BenchHost
{
    public const string AppSecret = "load-secret";

    /// <param name="settings">Settings beside the storage and Meta ones (the pump on or off, the fake Graph API).</param>
    /// <param name="counter">Counts the app's own storage calls, when given (as the tests hook StorageCallLog).</param>
    public static async Task<WebApplication> StartAsync(Azurite azurite, IReadOnlyDictionary<string, string?> settings, bool development, StorageCallCounter? counter)
    {
        var app = HelpdeskServer.Build(development ? ["--environment", "Development"] : [], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:KeySecret"] = "load-key-secret",
                ["Privacy:Keys:bench"] = "dGVzdC1wcml2YWN5LWtleS0zMi1ieXRlcy1sb25nISE=",
                ["Privacy:ActiveKey"] = "bench",
                ["Meta:AppSecret"] = AppSecret,
                ["Meta:VerifyToken"] = "load-token",
                ["WhatsApp:AccessToken"] = "load-token",
                // The stuck reply sweep keeps to itself: its timer would add table calls of its own to the counts.
                ["StuckReplies:Period"] = "01:00:00",
            });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (counter is not null)
            {
                builder.Services.AddSingleton<HttpPipelinePolicy>(counter);
            }
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Clients with the app's settings (retries, base64 queue messages) but no counter, so that what the benchmark
    /// itself reads (queue lengths) is not counted as the app's, and a longer network timeout: an emulator that answers
    /// slowly under load must fail the app's calls (that is measured), not the benchmark's own.
    /// </summary>
    public static StorageClients Storage(Azurite azurite, string? prefix = null) =>
        new(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix, NetworkTimeout = TimeSpan.FromSeconds(30) }), []);
}
