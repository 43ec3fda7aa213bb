using System.Globalization;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// The daily alert to supervisors: for each post the roster leaves without cover somewhere in the next 24 hours
/// (<see cref="CoverGaps.NextDayAsync"/>), tells the post's supervisors (agents with the supervisor role who may access
/// it; the administrators when it has none) through <see cref="INotifier"/>. Once per post per gap: the notification's
/// id derives from the post and the gap's start, so a second run the same day, or two at once, sends nothing more.
/// </summary>
public sealed partial class CoverGapAlerts
{
    private readonly CoverGaps gaps;
    private readonly AgentDirectory agents;
    private readonly INotifier notifier;
    private readonly TimeProvider time;
    private readonly ILogger<CoverGapAlerts> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal CoverGapAlerts(CoverGaps gaps, AgentDirectory agents, INotifier notifier, TimeProvider time, ILogger<CoverGapAlerts> logger)
    {
        this.gaps = gaps;
        this.agents = agents;
        this.notifier = notifier;
        this.time = time;
        this.logger = logger;
    }

    /// <returns>The notifications this run recorded (and sent); those a run before, or a concurrent one, recorded are not counted.</returns>
    internal async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        var found = await gaps.NextDayAsync(cancellationToken);
        if (found.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var all = await agents.ListAsync(cancellationToken);
        var admins = all.Where(a => a.Role == AgentRole.Admin).Select(a => a.Id).ToList();
        var sent = 0;
        foreach (var gap in found)
        {
            var supervisors = all.Where(a => a.Role == AgentRole.Supervisor && a.CanAccess(gap.Post)).Select(a => a.Id).ToList();
            var (role, recipients) = supervisors.Count > 0 ? (EscalationLadder.SupervisorRole, supervisors) : (EscalationLadder.AdminRole, admins);

            // No conversation: the post and the gap's start say what it is about (nothing personal in either).
            var about = $"{gap.Post}|{gap.From.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
            foreach (var agentId in recipients)
            {
                var notification = new Notification(agentId, role, gap.Post, string.Empty, about, NotificationReasons.CoverGap, 1, now);
                sent += await notifier.SendAsync(notification, cancellationToken) ? 1 : 0;
            }
        }

        var posts = found.Select(g => g.Post).Distinct(StringComparer.Ordinal).Count();
        LogChecked(found.Count, posts, sent);
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cover gap check: {Gaps} gaps in the next day at {Posts} posts, {Sent} notifications sent")]
    private partial void LogChecked(int gaps, int posts, int sent);
}
