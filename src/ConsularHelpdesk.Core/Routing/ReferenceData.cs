using Azure.Data.Tables;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Routing;

/// <summary>
/// Writes the post catalogue to the Posts table at start (upserts of the rows the data files define, so a
/// restart or a second instance changes nothing): the triage view and reports read posts from storage.
/// </summary>
internal sealed class ReferenceData(StorageClients storage, PostCatalog catalog)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var posts = storage.Table(storage.Names.Posts);
        foreach (var chunk in catalog.Posts.Chunk(100))
        {
            var actions = chunk.Select(post => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("post", post.Id)
            {
                ["Kind"] = post.Kind.ToString(),
                ["NameNl"] = post.NameNl,
                ["NameFr"] = post.NameFr,
                ["NameEn"] = post.NameEn,
                ["City"] = post.City,
                ["Country"] = post.Country,
                ["TimeZone"] = post.TimeZone,
                ["Languages"] = string.Join(',', post.Languages),
                ["ConsularHelp"] = post.ConsularHelp,
                ["MessengerPageId"] = post.MessengerPageId,
                ["WhatsAppPhoneNumberId"] = post.WhatsAppPhoneNumberId,
            }));
            await posts.SubmitTransactionAsync(actions, cancellationToken);
        }
    }
}
