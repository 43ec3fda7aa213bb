using System.Globalization;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// Keeps the response targets: reads the <see cref="Deadlines"/> rows due now (at most a batch per run, so a sweep cut
/// short is continued by the next) and, for each conversation still waiting, flags it near its target, tells the next
/// tier of the <see cref="EscalationLadder"/> at the due time and at each margin after it, and takes it back from an
/// assignee not seen for ReassignAfter. Safe to run twice at once: a notification's id derives from what it is
/// about and its Add fails when it is there, the header is replaced on its ETag, and the row is moved on its own.
/// </summary>
public sealed partial class ResponseTargetSweeper
{
    private readonly Deadlines deadlines;
    private readonly ConversationHeaders headers;
    private readonly ThreadStore threads;
    private readonly EscalationLadder ladder;
    private readonly INotifier notifier;
    private readonly AgentPresence presence;
    private readonly IOptions<ResponseTargetOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<ResponseTargetSweeper> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal ResponseTargetSweeper(
        Deadlines deadlines, ConversationHeaders headers, ThreadStore threads, EscalationLadder ladder, INotifier notifier, AgentPresence presence,
        IOptions<ResponseTargetOptions> options, TimeProvider time, ILogger<ResponseTargetSweeper> logger)
    {
        this.deadlines = deadlines;
        this.headers = headers;
        this.threads = threads;
        this.ladder = ladder;
        this.notifier = notifier;
        this.presence = presence;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    internal async Task<ResponseTargetSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var total = new ResponseTargetSweep(0, 0, 0, 0, 0);
        foreach (var row in await deadlines.DueAsync(options.Value.BatchSize, cancellationToken))
        {
            ResponseTargetSweep step;
            try
            {
                step = await StepAsync(row, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One conversation that fails (a bad row, a post gone, a storage error) must not hold up the others
                // behind it, now or in later runs: its row is put off, twice as long after each failure in a row.
                await PutOffAsync(row, e, cancellationToken);
                continue;
            }

            total = new ResponseTargetSweep(
                total.Flagged + step.Flagged, total.Notified + step.Notified, total.Reassigned + step.Reassigned, total.Cleared + step.Cleared, total.Deferred + step.Deferred);
        }

        if (total != new ResponseTargetSweep(0, 0, 0, 0, 0))
        {
            LogSwept(total.Flagged, total.Notified, total.Reassigned, total.Cleared, total.Deferred);
        }

        return total;
    }

    /// <summary>
    /// How long a failing row is put off: the sweep's period, doubled after each failure in a row, at most the urgent
    /// margin (so a conversation that failed for a passing reason is looked at again within an escalation step).
    /// </summary>
    internal static TimeSpan RetryDelay(ResponseTargetOptions o, int failures)
    {
        var delay = o.Period * Math.Pow(2, Math.Min(failures, 20));
        return delay < o.UrgentMargin ? delay : o.UrgentMargin;
    }

    private async Task PutOffAsync(DeadlineEntity row, Exception failure, CancellationToken cancellationToken)
    {
        var delay = RetryDelay(options.Value, row.Failures);
        try
        {
            await deadlines.PutOffAsync(row, time.GetUtcNow() + delay, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            delay = TimeSpan.Zero; // the row stays due: the next run meets it again
        }

        LogStepFailed(failure.GetType().Name, LogReference.Of(row.ConversationId), row.Failures + 1, delay);
    }

    private async Task<ResponseTargetSweep> StepAsync(DeadlineEntity row, CancellationToken cancellationToken)
    {
        var header = await headers.GetAsync(row.ConversationId, cancellationToken);
        if (header is null || header.State != ThreadStates.Open || !Waiting.IsWaiting(header) || header.DeadlineKey != row.StandsFor)
        {
            // Left over: answered or closed since, or superseded (a new due time). Should a crash have lost the row
            // the header points at, it is written again first, so no waiting conversation drops out of the index.
            if (header is { State: ThreadStates.Open, DeadlineKey: { } current } && Waiting.IsWaiting(header) && current != row.RowKey)
            {
                await deadlines.WriteAsync(header, cancellationToken);
            }

            await deadlines.MoveAsync(row, null, cancellationToken);
            return new ResponseTargetSweep(0, 0, 0, 1, 0);
        }

        var now = time.GetUtcNow();
        var o = options.Value;
        var due = header.DueAt!.Value;
        var margin = o.MarginFor(header.Urgent);
        var breach = due.UtcTicks.ToString(CultureInfo.InvariantCulture);
        int flagged = 0, notified = 0;
        if (header.TargetLevel < 1 && now >= due - o.NearFor(header.Urgent))
        {
            (header.Target, header.TargetLevel) = (TargetStates.Near, 1);
            flagged = 1;
        }

        // Past the due time the conversation is breached in every list, whoever can be told. Level n is the n-th
        // telling: at the due time plus n - 1 margins, the first tier ranked above the last one told that has someone
        // in it then (the roster changes with the hour, so tiers are matched by role, not by position). Told before
        // the header is written: a crash in between tells no one twice (the ids), and the next sweep writes the header.
        IReadOnlyList<EscalationTier>? tiers = null;
        if (header.TargetLevel >= 1 && now >= due)
        {
            header.Target = TargetStates.Breached;
        }

        while (header.TargetLevel >= 1 && now >= due + (margin * (header.TargetLevel - 1)))
        {
            tiers ??= await ladder.TiersAsync(header.PostId, now, cancellationToken);
            var told = EscalationLadder.Rank(header.TargetTold);
            if (tiers.FirstOrDefault(t => EscalationLadder.Rank(t.Role) > told) is not { } next)
            {
                break; // nobody (more) to tell now: looked at again after a margin, when a shift may have begun
            }

            foreach (var agentId in next.AgentIds)
            {
                var notification = new Notification(agentId, next.Role, header.PostId, header.PartitionKey, breach, NotificationReasons.Breached, header.TargetLevel, now);
                notified += await notifier.SendAsync(notification, cancellationToken) ? 1 : 0;
            }

            (header.TargetLevel, header.TargetTold) = (header.TargetLevel + 1, next.Role);
        }

        string? takenFrom = null;
        if (header.AssignedTo is { } assignee)
        {
            // Taken back from someone not seen in the triage page for ReassignAfter, on duty or not: nobody who could
            // answer holds it. (Someone seen lately keeps it, rostered or not: they are at work on it.)
            if (await presence.LastSeenAsync(assignee, cancellationToken) is not { } seen || now - seen >= o.ReassignAfter)
            {
                takenFrom = assignee;
                (header.AssignedTo, header.AssignedToName) = (null, null);
            }
        }

        header.DeadlineKey = NextCheck(header, now) is { } nextCheck ? Deadlines.Key(nextCheck, header.PartitionKey) : null;
        if (!await threads.SaveHeaderAsync(header, null, cancellationToken))
        {
            return new ResponseTargetSweep(0, notified, 0, 0, 1); // changed meanwhile: the next sweep reads it again
        }

        await deadlines.MoveAsync(row, header.DeadlineKey, cancellationToken);
        if (takenFrom is not null)
        {
            // After the write: only a reassignment that happened is announced (a crash in between announces none).
            tiers ??= await ladder.TiersAsync(header.PostId, now, cancellationToken);
            var covering = tiers.Count > 0 ? tiers[0] : null;
            foreach (var agentId in covering?.AgentIds ?? [])
            {
                var notification = new Notification(agentId, covering!.Role, header.PostId, header.PartitionKey, $"{breach}:{takenFrom}:{now.UtcTicks.ToString(CultureInfo.InvariantCulture)}", NotificationReasons.Reassigned, 1, now);
                notified += await notifier.SendAsync(notification, cancellationToken) ? 1 : 0;
            }
        }

        return new ResponseTargetSweep(flagged, notified, takenFrom is null ? 0 : 1, 0, 0);
    }

    /// <summary>
    /// When to look again: the near time, else the next tier's time while a tier is left, and while someone holds the
    /// conversation also after <see cref="ResponseTargetOptions.ReassignAfter"/>; null when nothing is left to do.
    /// </summary>
    private DateTimeOffset? NextCheck(ThreadHeaderEntity header, DateTimeOffset now)
    {
        var o = options.Value;
        var due = header.DueAt!.Value;
        DateTimeOffset? next;
        if (header.TargetLevel < 1)
        {
            next = due - o.NearFor(header.Urgent);
        }
        else if (EscalationLadder.Rank(header.TargetTold) >= EscalationLadder.LastRank)
        {
            next = null; // the supervisors were told: nobody is left
        }
        else
        {
            // The next level's time; when it has passed with nobody to tell, again after a margin.
            var level = due + (o.MarginFor(header.Urgent) * (header.TargetLevel - 1));
            next = level > now ? level : now + o.MarginFor(header.Urgent);
        }

        if (header.AssignedTo is not null && (next is null || next > now + o.ReassignAfter))
        {
            next = now + o.ReassignAfter;
        }

        return next;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response target sweep: conversation {ConversationRef} failed ({ExceptionType}), {Failures} time(s) in a row; looked at again in {RetryIn}")]
    private partial void LogStepFailed(string exceptionType, string conversationRef, int failures, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Response target sweep: {Flagged} flagged near, {Notified} notified, {Reassigned} taken back, {Cleared} cleared, {Deferred} changed meanwhile")]
    private partial void LogSwept(int flagged, int notified, int reassigned, int cleared, int deferred);
}
