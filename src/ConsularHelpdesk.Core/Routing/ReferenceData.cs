using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Routing;

/// <summary>
/// The reference data every instance needs, written idempotently at start (upserts of fixed rows).
/// For now the central 24/7 desk; the post catalogue with jurisdictions follows with routing.
/// </summary>
public sealed class ReferenceData(StorageClients storage)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var posts = storage.Table(storage.Names.Posts);
        var central = new TableEntity("post", Posts.Central)
        {
            ["Kind"] = "central",
            ["NameNl"] = "Centrale 24/7-helpdesk",
            ["NameFr"] = "Helpdesk central 24/7",
            ["NameDe"] = "Zentraler 24/7-Helpdesk",
            ["NameEn"] = "Central 24/7 desk",
            ["TimeZone"] = "Europe/Brussels",
            ["Country"] = "BE",
            ["ConsularHelp"] = true,
        };
        await posts.UpsertEntityAsync(central, TableUpdateMode.Replace, cancellationToken);
    }
}
