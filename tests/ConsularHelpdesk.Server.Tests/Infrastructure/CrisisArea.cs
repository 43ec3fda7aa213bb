using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>A citizen who wrote from the crisis area: their channel, id, conversation, when they last wrote and their language.</summary>
internal sealed record AreaCitizen(ChannelKind Channel, string UserId, string ConversationId, DateTimeOffset LastInboundAt, string Language);

/// <summary>
/// Citizens of a crisis area seeded fast (a broadcast test needs thousands): each one's contact and conversation header as
/// the record path writes them, and their row of the area activity index through the real <see cref="AreaActivity"/>.
/// </summary>
internal static class CrisisArea
{
    /// <summary>The Lisbon post's WhatsApp number and Messenger page (posts.json): the accounts the citizens wrote to.</summary>
    public const string WhatsAppNumber = "100000000000051";
    public const string MessengerPage = "200000000000051";

    public static AreaCitizen Citizen(int i, ChannelKind channel, DateTimeOffset lastInboundAt, string language) => new(
        channel,
        channel == ChannelKind.WhatsApp ? $"3519{i:D8}" : $"71{i:D14}",
        $"c{i:D24}",
        lastInboundAt,
        language);

    public static async Task SeedAsync(HelpdeskInstance helpdesk, IReadOnlyList<AreaCitizen> citizens, string country = "PT")
    {
        var keys = helpdesk.Services.GetRequiredService<StorageKeys>();
        var areas = helpdesk.Services.GetRequiredService<AreaActivity>();
        var contacts = helpdesk.Table(n => n.Contacts);
        var conversations = helpdesk.Table(n => n.Conversations);
        await Parallel.ForEachAsync(citizens, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            var key = keys.ContactKey(c.Channel, c.UserId);
            var account = c.Channel == ChannelKind.WhatsApp ? WhatsAppNumber : MessengerPage;
            await contacts.UpsertEntityAsync(
                new ContactEntity
                {
                    PartitionKey = key,
                    RowKey = string.Empty,
                    Channel = c.Channel.ToString(),
                    UserId = c.UserId,
                    PhoneNumber = c.Channel == ChannelKind.WhatsApp ? c.UserId : null,
                    Language = c.Language,
                    LanguageSource = "detected",
                    LastInboundAt = c.LastInboundAt,
                    OpenConversationId = c.ConversationId,
                },
                cancellationToken: ct);
            await conversations.UpsertEntityAsync(
                new ThreadHeaderEntity
                {
                    PartitionKey = c.ConversationId,
                    Channel = c.Channel.ToString(),
                    ContactKey = key,
                    ChannelAccountId = account,
                    PostId = "lisbon",
                    Language = c.Language,
                    CreatedAt = c.LastInboundAt,
                    LastActivityAt = c.LastInboundAt,
                    LastInboundAt = c.LastInboundAt,
                    MessageCount = 1,
                    Revision = 1,
                },
                cancellationToken: ct);
            await areas.RecordAsync(new Place(country), key, c.Channel, c.ConversationId, account, c.LastInboundAt, ct);
        });
    }

    /// <summary>Opens a crisis for the country through the crisis store, with its message in the four languages.</summary>
    public static async Task<Crisis> OpenCrisisAsync(HelpdeskInstance helpdesk, string country = "PT")
    {
        var (crisis, conflict) = await helpdesk.Services.GetRequiredService<CrisisStore>().OpenAsync(
            "Floods",
            [country],
            [],
            new CrisisMessages("Overstromingen: blijf binnen.", "Inondations : restez à l'intérieur.", "Überschwemmungen: bleiben Sie drinnen.", "Floods: stay indoors."),
            "admin",
            "Administrator",
            CancellationToken.None);
        return crisis ?? throw new InvalidOperationException($"A crisis is open already: {conflict}.");
    }

    /// <summary>A broadcast's progress as the page reads it.</summary>
    public static async Task<JsonObject> ProgressAsync(this HttpClient supervisor, string crisisId, string broadcastId)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await supervisor.GetAsync($"api/triage/crises/{crisisId}/broadcasts/{broadcastId}");
            // A shared build machine can slow Azurite past the app's storage timeout: a read answered 503 is read again.
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            }
        }
    }

    /// <summary>A WhatsApp status webhook for one of our messages (as Meta sends it).</summary>
    public static string WhatsAppStatus(string messageId, string recipient, string status, DateTimeOffset at) => $$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"351210000051","phone_number_id":"{{{WhatsAppNumber}}}"},
        "statuses":[{"id":"{{{messageId}}}","status":"{{{status}}}","timestamp":"{{{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}}}","recipient_id":"{{{recipient}}}"}]}}]}]}
        """;
}
