using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Who the agents are and which posts they serve: the Agents table (PartitionKey "agent", RowKey = the agent's id:
/// the Entra ID object id in Azure, a demo id locally). Sign-in proves who someone is; this says what they may see.
/// </summary>
internal sealed class AgentDirectory(StorageClients storage)
{
    private const string Partition = "agent";

    private TableClient Agents => storage.Table(storage.Names.Agents);

    public async Task<Agent?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 256 || id.IndexOfAny(['/', '\\', '#', '?', '\'']) >= 0 || id.Any(char.IsControl))
        {
            return null; // not a key the directory can hold
        }

        var response = await Agents.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? ToAgent(e) : null;
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

    public Task SaveAsync(Agent agent, CancellationToken cancellationToken) =>
        Agents.UpsertEntityAsync(
            new TableEntity(Partition, agent.Id)
            {
                ["Name"] = agent.Name,
                ["Role"] = agent.Role.ToString(),
                ["Posts"] = string.Join(',', agent.Posts),
                ["Language"] = agent.Language,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    private static Agent ToAgent(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? e.RowKey,
        Enum.TryParse<AgentRole>(e.GetString("Role"), out var role) ? role : AgentRole.Agent,
        (e.GetString("Posts") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        e.GetString("Language") ?? "en");
}
