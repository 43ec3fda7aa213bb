using ConsularHelpdesk.Broadcasts;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Functions.Broadcasts;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Broadcasts;

/// <summary>
/// A broadcast's steps as the Functions host runs them, on Azurite: the <c>broadcasts</c> queue trigger with the real
/// core collects the citizens who wrote from the crisis's area and hands each one message in their language to the
/// outbound queue, once, until the broadcast is done.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BroadcastQueueFunctionTests : FunctionsOnAzurite
{
    private const string Page = "299999999999991";

    [Fact]
    public async Task The_trigger_hands_each_citizen_of_the_area_one_message_in_their_language_and_finishes_the_broadcast()
    {
        var messages = new CrisisMessages("Blijf binnen.", "Restez à l'intérieur.", "Bleiben Sie drinnen.", "Stay indoors.");
        var (crisis, _) = await Services.GetRequiredService<CrisisStore>().OpenAsync("Floods", ["SN"], [], messages, "admin", "Admin", CancellationToken.None);
        await Services.GetRequiredService<OpenCrises>().RefreshAsync(CancellationToken.None, force: true);
        var inbound = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        await inbound.RunAsync(MessengerText(Page, "7700000000000101", "m_broadcast_7700000000000101", "Je suis à Dakar, il y a des inondations, que faire ?").Message, CancellationToken.None);
        await inbound.RunAsync(MessengerText(Page, "7700000000000102", "m_broadcast_7700000000000102", "Ich bin in Dakar, es gibt Überschwemmungen, was sollen wir tun?").Message, CancellationToken.None);

        var texts = new BroadcastTexts("Update: blijf binnen.", "Mise à jour : restez à l'abri.", "Neuigkeiten: bleiben Sie geschützt.", "Update: stay sheltered.");
        var store = Services.GetRequiredService<BroadcastStore>();
        var broadcast = await store.CreateAsync(crisis!.Id, ["SN"], texts, 1, ("admin", "Admin"), CancellationToken.None);
        var function = new BroadcastQueueFunction(Services.GetRequiredService<BroadcastRunner>());
        var storage = Services.GetRequiredService<StorageClients>();
        var steps = storage.Queue(storage.Names.BroadcastQueue);
        for (var poll = 0; poll < 500 && (await store.GetAsync(broadcast.PartitionKey, CancellationToken.None))!.Phase != BroadcastPhases.Done; poll++)
        {
            foreach (var step in (await steps.ReceiveMessagesAsync(8)).Value)
            {
                await function.RunAsync(step.Body.ToString(), CancellationToken.None);
                await steps.DeleteMessageAsync(step.MessageId, step.PopReceipt);
            }
        }

        var progress = (await store.ProgressAsync(broadcast.PartitionKey, CancellationToken.None))!;
        (progress.Header.Phase, progress.Header.Recipients).Should().Be((BroadcastPhases.Done, 2));
        progress.Counts.Queued.Should().Be(2, "both are handed to the sender (the outbound trigger), which records what Meta answers");
        var handed = (await QueuedRepliesAsync()).Where(m => m.Broadcast is not null).ToList();
        handed.Should().HaveCount(2, "one message per citizen").And.OnlyContain(m => BroadcastKeys.ParseReference(m.Broadcast)!.Value.BroadcastId == broadcast.PartitionKey);
        handed.Select(m => m.Text).Should().BeEquivalentTo([texts.Fr, texts.De], "each citizen in their language");
    }
}
