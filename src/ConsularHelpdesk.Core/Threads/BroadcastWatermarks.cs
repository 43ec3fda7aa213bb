using System.Text.Json;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Threads;

/// <summary>A broadcast message sent to a Messenger contact whose read Meta has not yet confirmed (kept on the contact).</summary>
/// <param name="At">When its send started: a watermark at or after it covers it.</param>
/// <param name="Broadcast">The message's <see cref="MessageEntity.Broadcast"/> reference.</param>
/// <param name="Delivered">Whether its delivery was recorded already (only its read is still to come).</param>
internal sealed record PendingBroadcast(DateTimeOffset At, string Broadcast, bool Delivered = false);

/// <summary>
/// Messenger tells delivered and read per conversation (a watermark: every message up to then), not per message, so a
/// broadcast's Messenger recipients learn theirs here: the sender notes each broadcast message it sent on the
/// citizen's contact (<see cref="ContactEntity.PendingBroadcasts"/>, at most <see cref="MaxPending"/>), and a watermark
/// applied to the contact moves the recipients of the notes it covers on (<see cref="IBroadcastReceipts"/>). Reads
/// nothing but the contact, which the watermark writes anyway: no broadcast is looked for.
/// </summary>
internal sealed class BroadcastWatermarks(ContactBook contacts, IBroadcastReceipts broadcasts)
{
    /// <summary>The most notes a contact keeps (the oldest go first: their recipients stay sent).</summary>
    public const int MaxPending = 10;

    /// <summary>
    /// Notes a Messenger broadcast message Meta accepted; records at once what the contact's watermarks already cover
    /// (one that arrived while the send was being recorded).
    /// </summary>
    public async Task SentAsync(ChannelKind channel, string userId, string broadcast, DateTimeOffset sendingAt, CancellationToken cancellationToken)
    {
        if (channel != ChannelKind.Messenger)
        {
            return; // WhatsApp reports each message's status by its id
        }

        List<(string Broadcast, DeliveryState State)> covered = [];
        await contacts.UpdateAsync(channel, new ChannelAccount(userId), c =>
        {
            var pending = Read(c);
            pending.RemoveAll(p => p.Broadcast == broadcast);
            pending.Add(new PendingBroadcast(sendingAt, broadcast));
            if (pending.Count > MaxPending)
            {
                pending.RemoveRange(0, pending.Count - MaxPending);
            }

            covered = Settle(c, pending);
        }, cancellationToken);
        await RecordAsync(covered, cancellationToken);
    }

    /// <summary>
    /// What the contact's watermarks (just moved, in the same update) cover among its notes: read ones leave the
    /// notes, delivered ones are marked. Call inside the contact's update; record the result after it is written.
    /// </summary>
    public static List<(string Broadcast, DeliveryState State)> Settle(ContactEntity contact) => Settle(contact, Read(contact));

    /// <summary>Moves the recipients on (each only forward, so a repeat is harmless).</summary>
    private async Task RecordAsync(IReadOnlyList<(string Broadcast, DeliveryState State)> covered, CancellationToken cancellationToken)
    {
        foreach (var (broadcast, state) in covered)
        {
            await broadcasts.RecordAsync(broadcast, state, cancellationToken);
        }
    }

    private static List<(string Broadcast, DeliveryState State)> Settle(ContactEntity contact, List<PendingBroadcast> pending)
    {
        List<(string, DeliveryState)> covered = [];
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            var note = pending[i];
            if (contact.ReadWatermark >= note.At)
            {
                covered.Add((note.Broadcast, DeliveryState.Read));
                pending.RemoveAt(i);
            }
            else if (!note.Delivered && contact.DeliveredWatermark >= note.At)
            {
                covered.Add((note.Broadcast, DeliveryState.Delivered));
                pending[i] = note with { Delivered = true };
            }
        }

        contact.PendingBroadcasts = pending.Count == 0 ? null : JsonSerializer.Serialize(pending, ThreadJsonContext.Default.ListPendingBroadcast);
        return covered;
    }

    private static List<PendingBroadcast> Read(ContactEntity contact)
    {
        if (contact.PendingBroadcasts is not { Length: > 0 } json)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, ThreadJsonContext.Default.ListPendingBroadcast) ?? [];
        }
        catch (JsonException)
        {
            return []; // not ours to keep: the recipients stay as they are
        }
    }
}
