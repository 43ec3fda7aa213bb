using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// The broadcasts' record of each recipient (kept by <c>Broadcasts</c>): declared here so that the sender and the
/// status path, which see a broadcast message leave and arrive, tell it without knowing how it is kept. A broadcast
/// message names its broadcast and recipient (<see cref="MessageEntity.Broadcast"/>, <c>{broadcast id}|{recipient}</c>).
/// </summary>
internal interface IBroadcastReceipts
{
    /// <summary>True when the broadcast was cancelled: the message must not be sent.</summary>
    Task<bool> IsCancelledAsync(string broadcast, CancellationToken cancellationToken);

    /// <summary>The recipient's message was sent, delivered, read or failed (only progress is kept).</summary>
    Task RecordAsync(string broadcast, DeliveryState state, CancellationToken cancellationToken);

    /// <summary>The recipient's message was not sent because the broadcast was cancelled.</summary>
    Task WithdrawnAsync(string broadcast, CancellationToken cancellationToken);
}
