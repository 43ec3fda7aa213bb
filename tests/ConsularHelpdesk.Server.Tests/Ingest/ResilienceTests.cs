using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Ingest;

[Collection(AzuriteCollection.Name)]
public sealed class ResilienceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Storage_outage_answers_503_and_after_restart_nothing_is_lost()
    {
        var location = Directory.CreateTempSubdirectory("azurite-outage-").FullName;
        await using var storage = await Azurite.StartOnFreePortsAsync(location, CancellationToken.None);
        await using var helpdesk = await HelpdeskInstance.StartAsync(storage.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        var before = CitizenPayloads.WhatsApp("32470000004", "Outage", now, CitizenPayloads.WhatsAppText("before the outage"));
        var during = CitizenPayloads.WhatsApp("32470000004", "Outage", now.AddSeconds(1), CitizenPayloads.WhatsAppText("during the outage"));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, before)).StatusCode.Should().Be(HttpStatusCode.OK);

        await storage.StopAsync();
        using var rejected = await helpdesk.PostAsync(ChannelKind.WhatsApp, during);
        using var health = await helpdesk.Http.GetAsync("healthz");

        rejected.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        await storage.StartAsync(CancellationToken.None);
        // Meta retries what got a 5xx.
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, during)).StatusCode.Should().Be(HttpStatusCode.OK);

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2, TimeSpan.FromSeconds(30));
        messages.Select(m => m.GetString("Text")).Should().Equal("before the outage", "during the outage");
        (await helpdesk.Http.GetAsync("healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_crash_after_the_thread_write_stores_the_message_once_on_redelivery()
    {
        // The first read of a thread header fails: for a new conversation that is the read back after the thread and
        // inbox writes, as a crash there would. The redelivery's Add of the same message row finds it stored.
        FaultInjection? fault = null;
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: services =>
            services.AddSingleton<HttpPipelinePolicy>(sp =>
                fault = new FaultInjection(m => m.Request.Method == RequestMethod.Get && Uri.UnescapeDataString(m.Request.Uri.Path).Contains("RowKey='thread'", StringComparison.Ordinal), 1)));
        var body = CitizenPayloads.Messenger("7000000000000005", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("once"));

        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);

        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(fault!.Injected), n => n == 1);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the redelivery is processed");
        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0);
        (await helpdesk.MessagesAsync()).Should().ContainSingle();
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread");
        header.GetInt32("UnreadCount").Should().Be(1);
    }

    [Fact]
    public async Task Replaying_the_poison_queue_after_a_fix_processes_its_messages()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var names = helpdesk.Storage.Names;
        // A message that failed five times before a fix: a valid envelope, sitting in the poison queue.
        var poison = helpdesk.Storage.Queue(names.InboundQueue + "-poison");
        var body = CitizenPayloads.WhatsApp("32470000006", "Replay", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("replayed"));
        await poison.SendMessageAsync(EnvelopeText(body));

        var moved = await helpdesk.Services.GetRequiredService<QueuePump>().ReplayPoisonAsync(names.InboundQueue, CancellationToken.None);

        moved.Should().Be(1);
        (await poison.PeekMessagesAsync(10)).Value.Should().BeEmpty();
        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        messages.Should().ContainSingle().Which.GetString("Text").Should().Be("replayed");
    }

    private static string EnvelopeText(string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        return $"{{\"channel\":\"WhatsApp\",\"receivedAt\":\"{DateTimeOffset.UtcNow:O}\",\"body\":\"{Convert.ToBase64String(bytes)}\"}}";
    }
}
