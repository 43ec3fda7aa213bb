using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// A conversation raised to urgent or critical (distress detection, an agent, a crisis): the first tier of the
/// <see cref="EscalationLadder"/> at this instant (the post's duty officer on the roster, else the hub, else the central
/// desk; the supervisors when nobody is rostered) is told at once, reason <c>raised</c>. The notification's id derives
/// from the raise, so a redelivered message or a retry tells nobody twice. Nothing personal: post, conversation id, level.
/// </summary>
internal sealed class RaisedLevelAlerts(EscalationLadder ladder, INotifier notifier, TimeProvider time) : ILevelAlert
{
    public async Task RaisedAsync(string conversationId, string postId, DistressLevel level, string raiseId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tiers = await ladder.TiersAsync(postId, now, cancellationToken);
        if (tiers.Count == 0)
        {
            return;
        }

        var first = tiers[0];
        foreach (var person in first.AgentIds)
        {
            await notifier.SendAsync(new Notification(person, first.Role, postId, conversationId, raiseId, NotificationReasons.Raised, (int)level, now), cancellationToken);
        }
    }
}
