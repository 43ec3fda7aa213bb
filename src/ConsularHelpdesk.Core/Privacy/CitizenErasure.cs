using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Privacy;

/// <summary>A conversation under legal hold stops an erasure (the ids only).</summary>
internal sealed class LegalHoldException(IReadOnlyList<string> conversationIds)
    : InvalidOperationException($"{conversationIds.Count} conversation(s) under legal hold.")
{
    public IReadOnlyList<string> ConversationIds { get; } = conversationIds;
}

/// <summary>The contact's user id or phone number does not decrypt: the erasure stops before it erases anything of theirs.</summary>
internal sealed class UnreadableContactException()
    : InvalidOperationException("The citizen's user id or phone number does not decrypt (a retired key or a changed value): restore the key, then run the erasure again.");

/// <summary>
/// Erases a citizen once their erasure is confirmed: the queues and their poison queues first (which need the
/// citizen's ids, read from the contact), then the rows of theirs in each crisis and broadcast (<c>r-{contact key}</c>),
/// then each conversation through <see cref="ConversationPurge"/>, then the contact, after purging whatever conversations its
/// index still names (<see cref="ContactAsync"/>). Each step is idempotent and the record notes the last one finished, so a run stopped anywhere is finished by
/// the next; a run of a done erasure does nothing. Leaves only the audit record (<c>privacy.erase.done</c>: the request
/// id and counts per kind) and the erasure record without the contact key.
/// </summary>
internal sealed partial class CitizenErasure(
    StorageClients storage, ErasureRequests requests, ContactBook contacts, ContactConversations conversations, ConversationPurge purge, QueueScrubber queues,
    AuditLog audit, TimeProvider time, ILogger<CitizenErasure> logger)
{
    /// <summary>The audit partition (<c>privacy-{yyyy-MM}</c>) of access requests and erasures.</summary>
    public const string AuditPartition = "privacy";

    /// <summary>Why, for the purge's log.</summary>
    private const string Reason = "erasure";

    /// <summary>Passes of the last step (purge what the index still names, delete the contact on its ETag) before it stops unfinished.</summary>
    private const int ContactPasses = 5;

    /// <summary>The conversations of the contact under legal hold (a point read of each header).</summary>
    public async Task<IReadOnlyList<string>> HeldAsync(string contactKey, CancellationToken cancellationToken)
    {
        var held = new List<string>();
        var table = storage.Table(storage.Names.Conversations);
        foreach (var row in await conversations.OfAsync(contactKey, cancellationToken))
        {
            var header = await table.GetEntityIfExistsAsync<TableEntity>(row.ConversationId, ThreadHeaderEntity.HeaderRowKey, ["LegalHold"], cancellationToken);
            if (header.HasValue && header.Value!.GetBoolean("LegalHold") == true)
            {
                held.Add(row.ConversationId);
            }
        }

        return held;
    }

    /// <summary>Runs (or finishes) a confirmed erasure; nothing for one done. Throws <see cref="LegalHoldException"/> when a hold stops it.</summary>
    public async Task<ErasureEntity> RunAsync(ErasureEntity record, string actor, CancellationToken cancellationToken)
    {
        if (record.Phase == ErasurePhases.Done)
        {
            return record;
        }

        if (record.ConfirmedBy is null || record.ContactKey.Length == 0)
        {
            throw new InvalidOperationException("Only a confirmed erasure runs.");
        }

        if (await HeldAsync(record.ContactKey, cancellationToken) is { Count: > 0 } held)
        {
            throw new LegalHoldException(held);
        }

        var counts = record.Counts is { } json ? JsonSerializer.Deserialize(json, ErasureJsonContext.Default.DictionaryStringInt32) ?? [] : new Dictionary<string, int>();
        record.Phase = ErasurePhases.Running;
        await SaveAsync(record, counts, cancellationToken);
        var key = record.ContactKey;
        var done = record.Step is { } step ? Array.IndexOf(ErasureSteps.InOrder, step) : -1;

        if (done < Array.IndexOf(ErasureSteps.InOrder, ErasureSteps.Queues))
        {
            var contact = await contacts.GetAsync(key, cancellationToken);
            if (FieldCipher.IsProtected(contact?.UserId) || FieldCipher.IsProtected(contact?.PhoneNumber))
            {
                // Still encrypted (a retired key, a changed value): queued webhooks name the citizen only by these ids.
                throw new UnreadableContactException();
            }

            var theirs = await conversations.OfAsync(key, cancellationToken);
            var ids = new CitizenIds(
                key,
                new HashSet<string>(new[] { contact?.UserId, contact?.PhoneNumber }.OfType<string>().Where(i => i.Length > 0), StringComparer.Ordinal),
                new HashSet<string>(theirs.Select(c => c.ConversationId), StringComparer.Ordinal));
            var scrub = await queues.ScrubAsync(ids, cancellationToken);
            Add(counts, "queueMessages", scrub.Deleted);
            Add(counts, "queueMessagesRewritten", scrub.Rewritten);
            Add(counts, "payloadBlobs", scrub.Blobs);
            Add(counts, "pendingSends", await PendingSendsAsync(ids, cancellationToken));
            await StepDoneAsync(record, ErasureSteps.Queues, counts, cancellationToken);
        }

        if (done < Array.IndexOf(ErasureSteps.InOrder, ErasureSteps.CrisisRows))
        {
            await CrisisRowsAsync(key, counts, cancellationToken);
            await StepDoneAsync(record, ErasureSteps.CrisisRows, counts, cancellationToken);
        }

        if (done < Array.IndexOf(ErasureSteps.InOrder, ErasureSteps.Conversations))
        {
            var toPurge = (record.ToPurge ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Union((await conversations.OfAsync(key, cancellationToken)).Select(c => c.ConversationId), StringComparer.Ordinal).ToList();
            record.ToPurge = string.Join(',', toPurge);
            await SaveAsync(record, counts, cancellationToken);
            foreach (var conversationId in toPurge.ToList())
            {
                await PurgeAsync(conversationId, counts, cancellationToken);
                toPurge.Remove(conversationId);
                record.ToPurge = string.Join(',', toPurge);
                await SaveAsync(record, counts, cancellationToken);
            }

            await StepDoneAsync(record, ErasureSteps.Conversations, counts, cancellationToken);
        }

        await ContactAsync(key, counts, cancellationToken);
        // Audited before the record says done: a crash in between repeats the audit row rather than lose it.
        var details = Details(counts);
        await audit.RecordAsync(AuditPartition, actor, "privacy.erase.done", string.Empty, $"request={record.RowKey};{details}", cancellationToken);
        (record.ContactKey, record.ToPurge) = (string.Empty, null);
        record.Phase = ErasurePhases.Done;
        record.Step = ErasureSteps.Contact;
        record.DoneAt = time.GetUtcNow();
        await SaveAsync(record, counts, cancellationToken);
        LogErased(logger, record.RowKey, details);
        return record;
    }

    /// <summary>
    /// The contact last: each conversation still in its index (one the citizen opened while the run went, or any left
    /// when a run resumes after the conversations step) is purged whole, then the contact is deleted on its ETag, read
    /// before the index was found empty (a conversation opens in the contact's own transaction, so one opened meanwhile
    /// fails the delete and the next pass purges it). After <see cref="ContactPasses"/> passes it stops unfinished: the
    /// next run resumes here.
    /// </summary>
    private async Task ContactAsync(string contactKey, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < ContactPasses; pass++)
        {
            var contact = await contacts.GetAsync(contactKey, cancellationToken);
            var left = await conversations.OfAsync(contactKey, cancellationToken);
            if (left.Count == 0)
            {
                if (contact is null)
                {
                    return;
                }

                try
                {
                    await contacts.DeleteAsync(contact, cancellationToken);
                    Add(counts, "contacts", 1);
                    return;
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // Written meanwhile (perhaps a new conversation): look again.
                    continue;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return;
                }
            }

            foreach (var row in left)
            {
                await PurgeAsync(row.ConversationId, counts, cancellationToken);
            }
        }

        throw new InvalidOperationException($"The citizen's contact still changed after {ContactPasses} passes; run the erasure again to finish it.");
    }

    /// <summary>One conversation through the purge, its counts added; a hold stops the run.</summary>
    private async Task PurgeAsync(string conversationId, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        var result = await purge.PurgeAsync(conversationId, Reason, overrideLegalHold: false, cancellationToken);
        if (result.Outcome == PurgeOutcome.Held)
        {
            throw new LegalHoldException([conversationId]);
        }

        foreach (var (kind, count) in result.Counts)
        {
            Add(counts, kind, count);
        }
    }

    /// <summary>The counts as the audit writes them: <c>kind=n;…</c>, in a fixed order.</summary>
    public static string Details(IReadOnlyDictionary<string, int> counts) =>
        string.Join(';', counts.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    /// <summary>
    /// The citizen's replies still on their way (<c>PendingSends</c>, the <c>due</c> partition: only sends not yet
    /// finished, never the history): each holds the message to send, recipient and text included.
    /// </summary>
    private async Task<int> PendingSendsAsync(CitizenIds ids, CancellationToken cancellationToken)
    {
        var table = storage.Table(storage.Names.PendingSends);
        var removed = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"due"}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("Message") is { } message && ids.Own(message))
            {
                removed += await DeleteAsync(table, row.PartitionKey, row.RowKey, cancellationToken);
            }
        }

        return removed;
    }

    /// <summary>
    /// The citizen's row in each crisis (<c>r-</c>: they got its message) and each broadcast (a recipient): the crisis
    /// list (some crises a year) and each crisis's broadcasts, a point delete in each. Counters keep their counts.
    /// </summary>
    private async Task CrisisRowsAsync(string contactKey, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        var crisesTable = storage.Table(storage.Names.Crises);
        var broadcasts = storage.Table(storage.Names.Broadcasts);
        var recipient = "r-" + contactKey;
        await foreach (var crisis in crisesTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"crises"} and RowKey ge {"cr"} and RowKey lt {"cs"}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            Add(counts, "crisisReplyRows", await DeleteAsync(crisesTable, crisis.RowKey, recipient, cancellationToken));
            await foreach (var pointer in broadcasts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"crisis-" + crisis.RowKey}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                var broadcast = pointer.RowKey[(pointer.RowKey.IndexOf('-') + 1)..];
                Add(counts, "broadcastRecipients", await DeleteAsync(broadcasts, broadcast, recipient, cancellationToken));
            }
        }
    }

    private static async Task<int> DeleteAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            return response.Status == 404 ? 0 : 1;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    private async Task StepDoneAsync(ErasureEntity record, string step, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        record.Step = step;
        await SaveAsync(record, counts, cancellationToken);
    }

    private async Task SaveAsync(ErasureEntity record, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        record.Counts = JsonSerializer.Serialize(counts, ErasureJsonContext.Default.DictionaryStringInt32);
        if (!await requests.TrySaveAsync(record, cancellationToken))
        {
            throw new InvalidOperationException("The erasure was changed by another run meanwhile.");
        }
    }

    private static void Add(Dictionary<string, int> counts, string kind, int count) =>
        counts[kind] = counts.GetValueOrDefault(kind) + count;

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {Request} done: {Counts}")]
    private static partial void LogErased(ILogger logger, string request, string counts);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class ErasureJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
