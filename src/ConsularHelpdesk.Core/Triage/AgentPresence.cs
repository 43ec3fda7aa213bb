using System.Collections.Concurrent;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// When each agent was last seen using the triage page (<c>Presence</c>: PartitionKey = agent id, RowKey ""), so that
/// the response-target sweep can take back what someone away holds. Written at most once a <see cref="WriteEvery"/>
/// per agent and instance (the page polls every few seconds: one write a minute, not one a poll).
/// </summary>
internal sealed class AgentPresence(StorageClients storage, TimeProvider time)
{
    /// <summary>How stale a presence may be: reassignment waits far longer (minutes), so this costs it nothing.</summary>
    public static readonly TimeSpan WriteEvery = TimeSpan.FromMinutes(1);

    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new(StringComparer.Ordinal);

    private TableClient Table => storage.Table(storage.Names.Presence);

    /// <summary>The agent made a request now (the caller found them in the directory, so the id is a valid key).</summary>
    public async Task SeenAsync(string agentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_written.TryGetValue(agentId, out var last) && now - last < WriteEvery)
        {
            return;
        }

        if (_written.Count >= MaxRemembered)
        {
            _written.Clear(); // forgetting costs one write per agent, nothing more
        }

        await Table.UpsertEntityAsync(new TableEntity(agentId, string.Empty) { ["LastSeen"] = now }, TableUpdateMode.Replace, cancellationToken);
        _written[agentId] = now;
    }

    /// <summary>When the agent was last seen (null: never, or not since presence was recorded).</summary>
    public async Task<DateTimeOffset?> LastSeenAsync(string agentId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(agentId, string.Empty, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("LastSeen") : null;
    }
}
