using System.Collections.Concurrent;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Who the agents are and which posts they serve: the Agents table (PartitionKey "agent", RowKey = the agent's id:
/// the Entra ID object id in Azure, a demo id locally). Sign-in proves who someone is; this says what they may see.
/// An agent found is kept in memory for <see cref="AgentDirectoryOptions.CacheFor"/>, so that every poll is not also a
/// directory read; someone not found is read again each time (a new agent can start at once).
/// </summary>
internal sealed class AgentDirectory(StorageClients storage, IOptions<AgentDirectoryOptions> options, TimeProvider time)
{
    private const string Partition = "agent";

    /// <summary>Beyond this many agents in memory, the expired go (and, were none expired, all).</summary>
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (Agent Agent, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Counts this instance's saves: a read that a save overtook does not keep what it read.</summary>
    private long _saves;

    private TableClient Agents => storage.Table(storage.Names.Agents);

    public async Task<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 256 || id.IndexOfAny(['/', '\\', '#', '?', '\'']) >= 0 || id.Any(char.IsControl))
        {
            return null; // not a key the directory can hold
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && cached.Until > now)
        {
            return cached.Agent;
        }

        var saves = Interlocked.Read(ref _saves);
        var response = await Agents.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            _cache.TryRemove(id, out _);
            return null;
        }

        var agent = ToAgent(e);
        if (options.Value.CacheFor > TimeSpan.Zero && Interlocked.Read(ref _saves) == saves)
        {
            Remember(agent, now);
            if (Interlocked.Read(ref _saves) != saves)
            {
                // A save finished meanwhile (it counts, then forgets): what was read may be the rights before it.
                _cache.TryRemove(agent.Id, out _);
            }
        }

        return agent;
    }

    private void Remember(Agent agent, DateTimeOffset now)
    {
        if (_cache.Count >= MaxCached)
        {
            foreach (var expired in _cache.Where(c => c.Value.Until <= now).Select(c => c.Key).ToList())
            {
                _cache.TryRemove(expired, out _);
            }

            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }
        }

        _cache[agent.Id] = (agent, now + options.Value.CacheFor);
    }

    public async Task<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken)
    {
        var agents = new List<Agent>();
        await foreach (var e in Agents.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            agents.Add(ToAgent(e));
        }

        return agents;
    }

    /// <summary>Saves the agent; this instance forgets what it kept of them at once (others within the cache delay).</summary>
    public async Task SaveAsync(Agent agent, CancellationToken cancellationToken)
    {
        await Agents.UpsertEntityAsync(
            new TableEntity(Partition, agent.Id)
            {
                ["Name"] = agent.Name,
                ["Role"] = agent.Role.ToString(),
                ["Posts"] = string.Join(',', agent.Posts),
                ["Language"] = agent.Language,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        Interlocked.Increment(ref _saves);
        _cache.TryRemove(agent.Id, out _);
    }

    private static Agent ToAgent(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? e.RowKey,
        Enum.TryParse<AgentRole>(e.GetString("Role"), out var role) ? role : AgentRole.Agent,
        (e.GetString("Posts") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        e.GetString("Language") ?? "en");
}
