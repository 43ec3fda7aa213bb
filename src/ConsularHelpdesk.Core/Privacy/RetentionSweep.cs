using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Privacy;

/// <summary>
/// Deletes what is past its retention period (docs/storage.md, "Retention"): closed conversations
/// <see cref="RetentionOptions.ClosedDays"/> after their close, unanswered or spam ones after
/// <see cref="RetentionOptions.UnansweredDays"/> (<see cref="ShortRetention"/>), each whole (<see cref="ConversationPurge"/>);
/// then their contact when nothing of it is left; and alerts older than the closed period. Finds them by key ranges that
/// hold only what is due — each post's history partition from the cutoff on (newest close first, so the range starts at
/// the first expired row), each agent's alerts from the cutoff on — never by reading what is kept. At most
/// <see cref="RetentionOptions.BatchSize"/> conversations a run: the rest are the next run's, whose ranges start with them.
/// Idempotent (a deleted row is not found again) and resumable (a purge stopped midway is finished by the next). Skips a
/// conversation under legal hold, and one reopened or moved since its row was read. Each run writes an audit entry per
/// policy and kind with counts only (<c>privacy-{yyyy-MM}</c>, <c>retention.delete</c>).
/// </summary>
public sealed partial class RetentionSweep
{
    private readonly StorageClients storage;
    private readonly PostCatalog catalog;
    private readonly ConversationPurge purge;
    private readonly ContactBook contacts;
    private readonly ContactConversations contactIndex;
    private readonly ConversationHeaders headers;
    private readonly AuditLog audit;
    private readonly IOptions<RetentionOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<RetentionSweep> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal RetentionSweep(
        StorageClients storage, PostCatalog catalog, ConversationPurge purge, ContactBook contacts, ContactConversations contactIndex, ConversationHeaders headers, AuditLog audit,
        IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweep> logger)
    {
        (this.storage, this.catalog, this.purge, this.contacts, this.contactIndex, this.headers, this.audit) = (storage, catalog, purge, contacts, contactIndex, headers, audit);
        (this.options, this.time, this.logger) = (options, time, logger);
    }

    internal const string AuditPost = "privacy";
    internal const string AuditActor = "retention";
    internal const string AuditAction = "retention.delete";
    internal const string ClosedPolicy = "closed";
    internal const string UnansweredPolicy = "unanswered";

    /// <summary>Purges begun by another caller (erasure) and finished by the sweep.</summary>
    internal const string ResumedPolicy = "resumed";

    /// <summary>The purge's reason for the sweep's own: <c>retention:{policy}</c>.</summary>
    private const string ReasonPrefix = "retention:";

    private static readonly string[] HistoryColumns = [nameof(ITableEntity.RowKey), nameof(InboxEntity.ConversationId)];

    private TableClient Inbox => storage.Table(storage.Names.Inbox);

    private TableClient Notifications => storage.Table(storage.Names.Notifications);

    /// <summary>Whether the timers run the sweep (<see cref="RetentionOptions.Enabled"/>).</summary>
    internal bool TimerEnabled => options.Value.Enabled;

    /// <summary>One run; <paramref name="dryRun"/> counts what would go and deletes nothing.</summary>
    internal async Task<RetentionRun> SweepAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var closedCutoff = now.AddDays(-settings.ClosedDays);
        var shortCutoff = now.AddDays(-settings.UnansweredDays);
        var run = new RetentionRun(dryRun);
        var budget = settings.BatchSize;
        if (!dryRun)
        {
            // Purges stopped midway (this sweep's or erasure's): finished first, as they were begun.
            foreach (var (id, reason, overrideHold, contactKey) in await purge.UnfinishedAsync(budget, cancellationToken))
            {
                budget--;
                var result = await purge.PurgeAsync(id, reason, overrideHold, cancellationToken);
                var policy = reason.StartsWith(ReasonPrefix, StringComparison.Ordinal) ? reason[ReasonPrefix.Length..] : ResumedPolicy;
                await CountAsync(result, policy, contactKey, policy == UnansweredPolicy ? shortCutoff : closedCutoff, run, cancellationToken);
            }
        }

        foreach (var post in catalog.Posts.Select(p => p.Id).Append(Routing.Posts.Central).Distinct(StringComparer.Ordinal))
        {
            if (budget <= 0)
            {
                run.More = true;
                break;
            }

            // From the short cutoff on (older closes), the rows past the closed cutoff or marked for the short period:
            // both bounds are keys, so the range holds only expired rows (and, between the two cutoffs, the marked ones
            // filtered by the service within the range).
            var partition = InboxKeys.HistoryPartition(post);
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {InboxKeys.HistoryRowKey(shortCutoff, string.Empty)} and (RowKey ge {InboxKeys.HistoryRowKey(closedCutoff, string.Empty)} or ShortRetention eq true)");
            await foreach (var page in Inbox.QueryAsync<InboxEntity>(filter, Math.Min(budget, 1000), HistoryColumns, cancellationToken).AsPages())
            {
                foreach (var row in page.Values)
                {
                    if (budget-- <= 0)
                    {
                        run.More = true;
                        break;
                    }

                    await SweepConversationAsync(row.ConversationId, closedCutoff, shortCutoff, run, cancellationToken);
                }

                break; // one page per post a run: the next run's range starts with what is left
            }
        }

        await SweepAlertsAsync(closedCutoff, settings.BatchSize, run, cancellationToken);
        if (!dryRun)
        {
            await AuditAsync(run, cancellationToken);
        }

        var (closed, unanswered) = (run.Total(ClosedPolicy, PurgeKinds.Conversations), run.Total(UnansweredPolicy, PurgeKinds.Conversations));
        var (contactsGone, alerts) = (run.Total(ClosedPolicy, PurgeKinds.Contacts) + run.Total(UnansweredPolicy, PurgeKinds.Contacts), run.Total(ClosedPolicy, PurgeKinds.Alerts));
        LogSwept(dryRun, closed, unanswered, run.Held, contactsGone, alerts);
        return run;
    }

    /// <summary>The policy a closed header falls under now, or null when it is not due (reopened, or closed since the row was read).</summary>
    internal static string? PolicyOf(ThreadHeaderEntity header, DateTimeOffset closedCutoff, DateTimeOffset shortCutoff) =>
        header is not { State: ThreadStates.Closed, ClosedAt: { } closedAt } ? null
        : closedAt <= closedCutoff ? ClosedPolicy
        : closedAt <= shortCutoff && ShortRetention.Applies(header) ? UnansweredPolicy
        : null;

    private async Task SweepConversationAsync(string conversationId, DateTimeOffset closedCutoff, DateTimeOffset shortCutoff, RetentionRun run, CancellationToken cancellationToken)
    {
        if (run.DryRun)
        {
            var header = await headers.FindAsync(conversationId, cancellationToken);
            if (header is { LegalHold: true })
            {
                run.Held++;
            }
            else if (header is not null && PolicyOf(header, closedCutoff, shortCutoff) is { } policy)
            {
                run.Add(policy, PurgeKinds.Conversations, 1);
            }

            return;
        }

        string? applied = null;
        string? contactKey = null;
        var result = await purge.PurgeAsync(conversationId, ReasonPrefix, overrideLegalHold: false, reasonFor: h =>
        {
            (applied, contactKey) = (PolicyOf(h, closedCutoff, shortCutoff), h.ContactKey);
            return applied is null ? null : ReasonPrefix + applied;
        }, cancellationToken);
        if (result.Outcome == PurgeOutcome.Held)
        {
            run.Held++;
        }
        else if (applied is not null)
        {
            await CountAsync(result, applied, contactKey, applied == ClosedPolicy ? closedCutoff : shortCutoff, run, cancellationToken);
        }
    }

    /// <summary>What a purge deleted, under its policy; then its contact, when nothing of it is left.</summary>
    private async Task CountAsync(PurgeResult result, string policy, string? contactKey, DateTimeOffset cutoff, RetentionRun run, CancellationToken cancellationToken)
    {
        if (result.Outcome != PurgeOutcome.Purged)
        {
            return; // gone meanwhile, held, or not due any more (reopened): nothing to count
        }

        foreach (var (kind, count) in result.Counts)
        {
            run.Add(policy, kind, count);
        }

        if (contactKey is not null && await ForgetContactIfDoneAsync(contactKey, cutoff, cancellationToken))
        {
            run.Add(policy, PurgeKinds.Contacts, 1);
        }
    }

    /// <summary>
    /// Deletes the contact when it has nothing left: no conversation in its index, no open conversation, no broadcast
    /// whose read is still awaited, and no message since <paramref name="cutoff"/>. On its ETag: a message meanwhile keeps it.
    /// </summary>
    private async Task<bool> ForgetContactIfDoneAsync(string contactKey, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await contacts.GetAsync(contactKey, cancellationToken) is not { } contact
                || contact.LastInboundAt > cutoff
                || contact.PendingBroadcasts is { Length: > 2 }
                || (contact.OpenConversationId is { } open && await headers.FindAsync(open, cancellationToken) is not null)
                || (await contactIndex.OfAsync(contactKey, cancellationToken)).Count > 0)
            {
                return false;
            }

            try
            {
                await contacts.DeleteAsync(contact, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Written meanwhile (a message, a status): look again at what it holds now.
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Each agent's alerts raised before the cutoff: one range query of the agent's partition from the cutoff on (alerts
    /// are newest first), each alert removed with its dedupe record in one transaction. The agents come from the Agents table.
    /// </summary>
    private async Task SweepAlertsAsync(DateTimeOffset cutoff, int batchSize, RetentionRun run, CancellationToken cancellationToken)
    {
        var agents = new List<string>();
        await foreach (var agent in storage.Table(storage.Names.Agents).QueryAsync<TableEntity>(select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            agents.Add(agent.RowKey);
        }

        var from = AlertKeys.Alert(cutoff, string.Empty);
        foreach (var agent in agents)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {agent} and RowKey ge {from} and RowKey lt {AlertKeys.AlertsEnd}");
            await foreach (var page in Notifications.QueryAsync<TableEntity>(filter, batchSize, [nameof(ITableEntity.RowKey)], cancellationToken).AsPages())
            {
                if (!run.DryRun)
                {
                    foreach (var chunk in page.Values.Chunk(50))
                    {
                        await DeleteAlertsAsync(agent, chunk, cancellationToken);
                    }
                }

                run.Add(ClosedPolicy, PurgeKinds.Alerts, page.Values.Count);
                break; // a page per agent a run
            }
        }
    }

    private async Task DeleteAlertsAsync(string agent, TableEntity[] alerts, CancellationToken cancellationToken)
    {
        var rows = alerts.SelectMany(a => AlertKeys.IdOf(a.RowKey) is { } id ? new[] { a.RowKey, AlertKeys.Dedupe(id) } : [a.RowKey]).ToList();
        try
        {
            await Notifications.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(agent, r), ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // A record gone already (or an alert without one): one at a time.
            foreach (var row in rows)
            {
                await Notifications.DeleteEntityAsync(agent, row, ETag.All, cancellationToken);
            }
        }
    }

    /// <summary>One entry per policy and kind deleted: the counts, never an id.</summary>
    private async Task AuditAsync(RetentionRun run, CancellationToken cancellationToken)
    {
        foreach (var (policy, counts) in run.Deleted)
        {
            foreach (var kind in new[] { PurgeKinds.Conversations, PurgeKinds.Contacts, PurgeKinds.Alerts })
            {
                if (counts.GetValueOrDefault(kind) is > 0 and var count)
                {
                    var details = JsonSerializer.Serialize(new RetentionAuditDetails(kind, count, policy, kind == PurgeKinds.Conversations ? counts : null), RetentionJsonContext.Default.RetentionAuditDetails);
                    await audit.RecordAsync(AuditPost, AuditActor, AuditAction, string.Empty, details, cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep (dry run: {DryRun}): {Closed} closed and {Unanswered} unanswered conversation(s), {Held} held kept, {Contacts} contact(s), {Alerts} alert(s)")]
    private partial void LogSwept(bool dryRun, int closed, int unanswered, int held, int contacts, int alerts);
}
