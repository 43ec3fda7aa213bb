using System.Text.Json;
using Azure.Data.Tables;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Functions.Triage;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Crises;

/// <summary>
/// The record path as the Functions host runs it, on Azurite: the inbound queue trigger with the real core records a
/// citizen's message from a crisis area, tags it, projects it into the crisis's rows and queues the crisis message once,
/// however often the queue delivers it; the crisis-tagging trigger does nothing for a crisis closed meanwhile.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrisisRecordPathTests : FunctionsOnAzurite
{
    private const string Page = "299999999999991";
    private static readonly CrisisMessages Messages = new("Blijf binnen.", "Restez à l'intérieur, appelez le +32 2 501 40 00.", "Bleiben Sie drinnen.", "Stay indoors.");

    [Fact]
    public async Task A_message_from_a_crisis_area_delivered_twice_is_tagged_counted_and_answered_with_the_crisis_message_once()
    {
        var (crisis, _) = await Services.GetRequiredService<CrisisStore>().OpenAsync("Floods", ["SN"], [], Messages, "admin", "Admin", CancellationToken.None);
        await Services.GetRequiredService<OpenCrises>().RefreshAsync(CancellationToken.None, force: true);
        var function = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        var (message, _) = MessengerText(Page, "7700000000000001", "m_crisis_7700000000000001", "Je suis à Dakar, il y a des inondations, que faire ?");

        await function.RunAsync(message, CancellationToken.None);
        await function.RunAsync(message, CancellationToken.None); // the queue delivers it again

        var rows = await Services.GetRequiredService<CrisisConversations>().ListAsync(crisis!.Id, CancellationToken.None);
        var row = rows.Should().ContainSingle("the conversation is tagged with the crisis and kept in its partition").Subject;
        row.State.Should().Be(CrisisConversationStates.Waiting);
        row.Channel.Should().Be("Messenger");
        var queued = await QueuedRepliesAsync();
        queued.Should().OnlyContain(m => m.ReplyId == $"crisis:{crisis.Id}:{row.ConversationId}", "the crisis message stands in for the acknowledgement and the intake question")
            .And.NotBeEmpty();
        queued.Select(m => m.Text).Distinct().Should().ContainSingle("a redelivery re-queues the same reply, the privacy notice included, which the sender sends once")
            .Which.Should().StartWith(Messages.Fr + "\n\nVie privée :", "the citizen wrote in French, and this is their first automatic message");
        var activity = await Services.GetRequiredService<AreaActivity>().ContactsAsync(["SN"], DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        activity.Should().ContainSingle().Which.ConversationId.Should().Be(row.ConversationId);
    }

    [Fact]
    public async Task A_citizen_who_had_the_crisis_message_in_a_closed_conversation_is_answered_as_any_in_the_next_one()
    {
        var (crisis, _) = await Services.GetRequiredService<CrisisStore>().OpenAsync("Floods", ["SN"], [], Messages, "admin", "Admin", CancellationToken.None);
        await Services.GetRequiredService<OpenCrises>().RefreshAsync(CancellationToken.None, force: true);
        var function = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        var (first, _) = MessengerText(Page, "7700000000000002", "m_crisis_7700000000000002_1", "Je suis à Dakar, il y a des inondations, que faire ?");
        await function.RunAsync(first, CancellationToken.None);
        var firstConversation = (await Services.GetRequiredService<CrisisConversations>().ListAsync(crisis!.Id, CancellationToken.None)).Single().ConversationId;
        (await QueuedRepliesAsync()).Should().ContainSingle().Which.ReplyId.Should().Be($"crisis:{crisis.Id}:{firstConversation}");

        // An agent closes it; the citizen writes again, in distress, and again (Meta delivers the second message twice).
        var conversations = Services.GetRequiredService<StorageClients>().Table(Services.GetRequiredService<StorageClients>().Names.Conversations);
        var header = (await conversations.GetEntityAsync<TableEntity>(firstConversation, "thread")).Value;
        header["State"] = ThreadStates.Closed;
        await conversations.UpdateEntityAsync(header, header.ETag);
        var (arrested, _) = MessengerText(Page, "7700000000000002", "m_crisis_7700000000000002_2", "Je suis à Dakar, mon mari a été arrêté par la police, aidez-nous");
        await function.RunAsync(arrested, CancellationToken.None);
        await function.RunAsync(arrested, CancellationToken.None);

        var rows = await Services.GetRequiredService<CrisisConversations>().ListAsync(crisis.Id, CancellationToken.None);
        var second = rows.Select(r => r.ConversationId).Should().HaveCount(2).And.ContainSingle(id => id != firstConversation).Subject;
        var queued = await QueuedRepliesAsync();
        queued.Should().NotBeEmpty().And.OnlyContain(
            m => m.ReplyId == $"emergency:{second}",
            "the citizen had the crisis message once; the new conversation's distress gets the emergency reply, as any would");
    }

    [Fact]
    public async Task A_tagging_step_of_a_closed_crisis_tags_nothing_and_a_malformed_one_throws_for_the_poison_queue()
    {
        var store = Services.GetRequiredService<CrisisStore>();
        var (crisis, _) = await store.OpenAsync("Storm", ["PT"], [], Messages, "admin", "Admin", CancellationToken.None);
        await store.CloseAsync(crisis!.Id, "admin", "Admin", CancellationToken.None);
        var function = new CrisisTaggingFunction(Services.GetRequiredService<CrisisTagging>());

        await Services.GetRequiredService<AreaActivity>().RecordAsync(new Routing.Place("PT"), "whatsapp-1", Channels.ChannelKind.WhatsApp, "c0000000000000000000000001", null, DateTimeOffset.UtcNow, CancellationToken.None);
        await function.RunAsync(Step(crisis.Id, null), CancellationToken.None);
        var malformed = () => function.RunAsync("not a batch", CancellationToken.None);

        await malformed.Should().ThrowAsync<InvalidDataException>();
        (await Services.GetRequiredService<CrisisConversations>().ListAsync(crisis.Id, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_tagging_trigger_tags_a_page_of_the_area_and_queues_the_step_after_it_until_the_area_is_through()
    {
        var (crisis, _) = await Services.GetRequiredService<CrisisStore>().OpenAsync("Storm", ["ES"], [], Messages, "admin", "Admin", CancellationToken.None);
        await Services.GetRequiredService<OpenCrises>().RefreshAsync(CancellationToken.None, force: true);
        var storage = Services.GetRequiredService<StorageClients>();
        var conversations = storage.Table(storage.Names.Conversations);
        var areas = Services.GetRequiredService<AreaActivity>();
        var now = DateTimeOffset.UtcNow;
        const int Count = 250;
        for (var i = 0; i < Count; i++)
        {
            var id = $"c{i:D24}";
            await conversations.UpsertEntityAsync(new ThreadHeaderEntity { PartitionKey = id, Channel = "WhatsApp", ContactKey = $"whatsapp-{i}", PostId = "madrid", CreatedAt = now, LastActivityAt = now, Revision = 1 });
            await areas.RecordAsync(new Routing.Place("ES"), $"whatsapp-{i}", Channels.ChannelKind.WhatsApp, id, null, now.AddDays(-(i % 3)).AddMinutes(-1), CancellationToken.None);
        }

        var function = new CrisisTaggingFunction(Services.GetRequiredService<CrisisTagging>());
        var queue = storage.Queue(storage.Names.CrisisTaggingQueue);
        var steps = 0;
        for (var next = Step(crisis!.Id, null); next is not null; steps++)
        {
            await function.RunAsync(next, CancellationToken.None);
            var queued = (await queue.ReceiveMessagesAsync(32)).Value;
            queued.Should().HaveCountLessThanOrEqualTo(1, "a step queues one step after it");
            next = queued.SingleOrDefault()?.Body.ToString();
            if (queued.SingleOrDefault() is { } message)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        var tagged = 0;
        await foreach (var _ in conversations.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"thread"} and CrisisId eq {crisis.Id}")))
        {
            tagged++;
        }

        tagged.Should().Be(Count, "every conversation of the area is tagged, a page per step");
        steps.Should().BeInRange(Count / CrisisTagging.BatchSize, (Count / CrisisTagging.BatchSize) + 2, "100 rows of the area index a step");
    }

    private static string Step(string crisisId, string? cursor) =>
        JsonSerializer.Serialize(new CrisisTaggingStep(crisisId, DateTimeOffset.UtcNow - CrisisTagging.LookBack, DateTimeOffset.UtcNow, cursor), CrisisTaggingJsonContext.Default.CrisisTaggingStep);
}
