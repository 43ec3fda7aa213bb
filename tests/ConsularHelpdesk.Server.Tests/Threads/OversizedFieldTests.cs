using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>One oversized field (over Table Storage's 64 KiB per property) must not cost the other messages of its body.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OversizedFieldTests(AzuriteFixture azurite)
{
    private const string Marker = "… [truncated]";
    private static readonly string Huge = new('x', 100 * 1024);

    [Theory]
    [InlineData("name")]
    [InlineData("caption")]
    [InlineData("payload")]
    [InlineData("location")]
    public async Task A_body_with_one_oversized_field_stores_all_its_messages_with_that_field_clipped(string field)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var odd = field switch
        {
            "caption" => CitizenPayloads.WhatsAppImage(Huge),
            "payload" => CitizenPayloads.WhatsAppButtonReply(Huge, "Yes"),
            "location" => new JsonObject { ["type"] = "location", ["location"] = new JsonObject { ["latitude"] = 50.8, ["longitude"] = 4.3, ["name"] = Huge, ["address"] = Huge } },
            _ => CitizenPayloads.WhatsAppText("my name is long"),
        };

        (await helpdesk.PostAsync(ChannelKind.WhatsApp, Body("32470000041", field == "name" ? Huge : "Odd", odd))).StatusCode.Should().Be(HttpStatusCode.OK);

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        messages.Select(m => m.GetString("Text")).Should().Contain("the other message");
        var stored = messages.Single(m => m.GetString("Text") != "the other message");
        switch (field)
        {
            case "caption":
                stored.GetString("Text").Should().EndWith(Marker);
                stored.GetString("Attachments").Should().Contain("[truncated]", "in JSON, where the ellipsis is escaped");
                break;
            case "payload":
                stored.GetString("Payload").Should().EndWith(Marker);
                break;
            case "location":
                stored.GetString("LocationName").Should().EndWith(Marker);
                stored.GetString("LocationAddress").Should().EndWith(Marker);
                break;
            default:
                // Encrypted at rest: read as the app reads it.
                var contact = await helpdesk.Services.GetRequiredService<ConsularHelpdesk.Threads.ContactBook>()
                    .GetAsync(helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.WhatsApp, "32470000041"), CancellationToken.None);
                contact!.ProfileName.Should().StartWith("xxx").And.EndWith(Marker);
                break;
        }

        if (field != "name")
        {
            stored.GetString("RawJsonBlob").Should().NotBeNull("the whole item is kept, in a blob");
        }

        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0);
        await EveryContactPointsAtAnExistingThreadAsync(helpdesk);
    }

    [Fact]
    public async Task A_message_with_an_oversized_id_is_refused_alone_with_an_incident()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var odd = CitizenPayloads.WhatsAppText("my id is long");
        odd["id"] = Huge;

        (await helpdesk.PostAsync(ChannelKind.WhatsApp, Body("32470000042", "Odd", odd))).StatusCode.Should().Be(HttpStatusCode.OK);

        var incidents = await HelpdeskInstance.EventuallyAsync(() => QueueDrain.RowsAsync(helpdesk.Table(n => n.Incidents)), r => r.Count == 1);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var incident = incidents.Should().ContainSingle().Subject;
        incident.GetString("Kind").Should().Be("oversizedId");
        incident.GetString("Detail").Should().Be("id");
        incident.Keys.Should().NotContain("RawJson", "the incident keeps no content");
        (await helpdesk.MessagesAsync()).Select(m => m.GetString("Text")).Should().Equal("the other message");
        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0);
        await EveryContactPointsAtAnExistingThreadAsync(helpdesk);
    }

    [Fact]
    public async Task A_messenger_postback_with_an_oversized_payload_is_stored_clipped()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var body = CitizenPayloads.Messenger("7000000000000043", DateTimeOffset.UtcNow, new JsonObject { ["postback"] = new JsonObject { ["mid"] = "m_pb_" + Guid.NewGuid().ToString("N"), ["title"] = "Start", ["payload"] = Huge } });

        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);

        var message = (await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1)).Should().ContainSingle().Subject;
        message.GetString("Payload").Should().EndWith(Marker);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0);
    }

    [Fact]
    public async Task A_message_that_can_never_be_written_leaves_no_contact_pointing_at_a_missing_thread()
    {
        // Once started (seeding writes batches too), every thread transaction fails, as storage refusing the message
        // would: the body ends in the poison queue.
        var armed = new StrongBox<bool>();
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: services =>
            services.AddSingleton<HttpPipelinePolicy>(new FaultInjection(m => armed.Value && m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal), int.MaxValue)));
        armed.Value = true;

        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("32470000044", "Lost", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("never written")))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await HelpdeskInstance.EventuallyAsync(() => QueueDrain.InboundPoisonCountAsync(helpdesk), n => n == 1, TimeSpan.FromSeconds(30))).Should().Be(1);
        (await helpdesk.ConversationRowsAsync()).Should().BeEmpty();
        await EveryContactPointsAtAnExistingThreadAsync(helpdesk);
    }

    private static async Task EveryContactPointsAtAnExistingThreadAsync(HelpdeskInstance helpdesk)
    {
        var headers = (await helpdesk.ConversationRowsAsync()).Where(r => r.RowKey == "thread").Select(r => r.PartitionKey).ToHashSet();
        foreach (var contact in await QueueDrain.RowsAsync(helpdesk.Table(n => n.Contacts)))
        {
            if (contact.GetString("OpenConversationId") is { } open)
            {
                headers.Should().Contain(open, "a contact never points at a conversation that does not exist");
            }
        }
    }

    /// <summary>A WhatsApp body with the odd message of one citizen, then a plain one of another.</summary>
    private static string Body(string from, string name, JsonObject odd)
    {
        var body = JsonNode.Parse(CitizenPayloads.WhatsApp(from, name, DateTimeOffset.UtcNow, odd))!;
        var value = body["entry"]![0]!["changes"]![0]!["value"]!;
        var other = CitizenPayloads.WhatsAppText("the other message");
        other["from"] = "32470000049";
        other["id"] = "wamid.other" + Guid.NewGuid().ToString("N");
        other["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        value["messages"]!.AsArray().Add(other);
        value["contacts"]!.AsArray().Add(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Other" }, ["wa_id"] = "32470000049" });
        return body.ToJsonString();
    }
}
