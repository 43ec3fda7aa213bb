using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Privacy;

/// <summary>
/// The erasure records (<see cref="ErasureEntity"/>, table <c>Erasures</c>, one small partition: the requests not yet
/// done and the record of those done). Two steps: an administrator requests, a second administrator confirms — or the
/// same one, typing <see cref="Phrase"/> — within <see cref="ConfirmWithin"/>.
/// </summary>
internal sealed class ErasureRequests(StorageClients storage, TimeProvider time)
{
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromHours(24);

    private TableClient Table => storage.Table(storage.Names.Erasures);

    /// <summary>What the requesting administrator types to confirm alone: <c>ERASE</c> and the number of conversations.</summary>
    public static string Phrase(ErasureEntity record) => $"ERASE {record.Conversations}";

    public async Task<ErasureEntity> RequestAsync(string contactKey, int conversations, string agentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new ErasureEntity
        {
            RowKey = $"e{now.UtcDateTime:yyyyMMddHHmmss}{Guid.NewGuid():N}"[..25],
            ContactKey = contactKey,
            Conversations = conversations,
            RequestedBy = agentId,
            RequestedAt = now,
            ExpiresAt = now + ConfirmWithin,
        };
        var response = await Table.AddEntityAsync(record, cancellationToken);
        record.ETag = response.Headers.ETag ?? record.ETag;
        return record;
    }

    /// <summary>A record by an id from a request (one that cannot be a key is none).</summary>
    public async Task<ErasureEntity?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 40 || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var found = await Table.GetEntityIfExistsAsync<ErasureEntity>(ErasureEntity.Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The contact's erasure not yet done (requested or running), if any: the partition holds few rows.</summary>
    public async Task<ErasureEntity?> OpenForAsync(string contactKey, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ErasureEntity.Partition} and ContactKey eq {contactKey} and Phase ne {ErasurePhases.Done}");
        var now = time.GetUtcNow();
        await foreach (var record in Table.QueryAsync<ErasureEntity>(filter, cancellationToken: cancellationToken))
        {
            if (record.Phase == ErasurePhases.Running || record.ExpiresAt > now)
            {
                return record;
            }

            // Lapsed unconfirmed: it no longer names the citizen.
            (record.ContactKey, record.Phase) = (string.Empty, ErasurePhases.Lapsed);
            await TrySaveAsync(record, cancellationToken);
        }

        return null;
    }

    public bool IsExpired(ErasureEntity record) => record.Phase == ErasurePhases.Requested && record.ExpiresAt <= time.GetUtcNow();

    /// <summary>Replaces the record on its ETag; false on a concurrent change (someone else confirmed or ran it).</summary>
    public async Task<bool> TrySaveAsync(ErasureEntity record, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag ?? record.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}
