using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>
/// The core as the Functions host builds it, on an Azurite of the test class's own with the tables made; what the
/// record-path tests send (a citizen's Messenger text or other message as the inbound queue holds it) and read back (the replies queued).
/// A class that derives joins <see cref="AzuriteCollection"/>.
/// </summary>
public abstract class FunctionsOnAzurite : IAsyncLifetime
{
    private Azurite _azurite = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        _azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);
        Services = TestServices.Create(ConfigureServices, ("AzureWebJobsStorage", _azurite.ConnectionString));
        await Services.GetRequiredService<StorageClients>().EnsureCreatedAsync(CancellationToken.None);
    }

    /// <summary>Registrations a test class adds after the app's (a stand-in for Meta's side).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>The replies in the outbound queue (up to 32), taken off it.</summary>
    private protected async Task<List<OutboundMessage>> QueuedRepliesAsync()
    {
        var storage = Services.GetRequiredService<StorageClients>();
        return (await storage.Queue(storage.Names.OutboundQueue).ReceiveMessagesAsync(32)).Value
            .Select(m => JsonSerializer.Deserialize(m.Body.ToString(), OutboundJsonContext.Default.OutboundMessage)!)
            .ToList();
    }

    /// <summary>A citizen's Messenger text to <paramref name="page"/>, sent now, as the inbound queue holds it, and its sending time (Meta's milliseconds).</summary>
    protected static (string Message, DateTimeOffset SentAt) MessengerText(string page, string psid, string mid, string text) =>
        Messenger(page, psid, new JsonObject { ["mid"] = mid, ["text"] = text });

    /// <summary>A citizen's Messenger <paramref name="message"/> to <paramref name="page"/>, sent now, as the inbound queue holds it, and its sending time (Meta's milliseconds).</summary>
    protected static (string Message, DateTimeOffset SentAt) Messenger(string page, string psid, JsonObject message)
    {
        var at = DateTimeOffset.UtcNow;
        return (MessengerItem(page, psid, at, new JsonObject { ["message"] = message }), DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()));
    }

    /// <summary>A Messenger <c>messaging</c> item (a message, a reaction, an edit) from <paramref name="psid"/> to <paramref name="page"/> at <paramref name="at"/>, as the inbound queue holds it.</summary>
    protected static string MessengerItem(string page, string psid, DateTimeOffset at, JsonObject item)
    {
        var ms = at.ToUnixTimeMilliseconds();
        item["sender"] = new JsonObject { ["id"] = psid };
        item["recipient"] = new JsonObject { ["id"] = page };
        item["timestamp"] = ms;
        var body = new JsonObject
        {
            ["object"] = "page",
            ["entry"] = new JsonArray(new JsonObject { ["id"] = page, ["time"] = ms, ["messaging"] = new JsonArray(item) }),
        }.ToJsonString();
        var envelope = new InboundEnvelope(ChannelKind.Messenger, at, Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), null);
        return JsonSerializer.Serialize(envelope, IngestJsonContext.Default.InboundEnvelope);
    }
}
