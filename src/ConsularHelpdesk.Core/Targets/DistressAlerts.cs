using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// A citizen's message that made its conversation urgent or critical (distress detection, <see cref="RecordResult.RaiseId"/>):
/// the duty officer covering the post is told at once (<see cref="ILevelAlert"/>). Also on a redelivery: the notification's
/// id derives from the raise (the message), so it is sent once.
/// </summary>
internal sealed class DistressAlerts(ILevelAlert alert) : IMessageRecordedHandler
{
    public Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken) =>
        result is { RaiseId: { } raise, PostId: { Length: > 0 } post, ConversationId.Length: > 0 }
            ? alert.RaisedAsync(result.ConversationId, post, result.Level, raise, cancellationToken)
            : Task.CompletedTask;
}
