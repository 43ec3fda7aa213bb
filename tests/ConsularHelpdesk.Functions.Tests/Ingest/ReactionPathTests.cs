using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Ingest;

/// <summary>
/// Reactions and edits as the Functions host records them: the inbound queue trigger with the real core puts the
/// citizen's reaction on the message it names (then removes it) and an edit's new text on it, without writing the
/// conversation's header.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReactionPathTests : FunctionsOnAzurite
{
    private const string Page = "299999999999993";
    private const string Psid = "7700000000000201";
    private const string Mid = "m_reaction_7700000000000201";

    [Fact]
    public async Task A_reaction_and_an_edit_change_the_message_they_name_and_not_the_header()
    {
        var function = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        var (text, sentAt) = MessengerText(Page, Psid, Mid, "Je suis à Kinshasa, mon passeport a été volé");
        await function.RunAsync(text, CancellationToken.None);
        var storage = Services.GetRequiredService<StorageClients>();
        var conversations = storage.Table(storage.Names.Conversations);
        var before = await SingleAsync(conversations, "RowKey eq 'thread'");

        await function.RunAsync(Item(sentAt.AddSeconds(1), new JsonObject { ["reaction"] = new JsonObject { ["reaction"] = "love", ["emoji"] = "❤️", ["action"] = "react", ["mid"] = Mid } }), CancellationToken.None);
        (await MessageAsync(conversations)).GetString("CitizenReaction").Should().Be("❤️");
        await function.RunAsync(Item(sentAt.AddSeconds(2), new JsonObject { ["message_edit"] = new JsonObject { ["mid"] = Mid, ["text"] = "Je suis à Kinshasa, mon passeport et ma carte ont été volés", ["num_edit"] = 1 } }), CancellationToken.None);
        await function.RunAsync(Item(sentAt.AddSeconds(3), new JsonObject { ["reaction"] = new JsonObject { ["reaction"] = "love", ["action"] = "unreact", ["mid"] = Mid } }), CancellationToken.None);

        var message = await MessageAsync(conversations);
        message.GetString("CitizenReaction").Should().BeNull("the citizen removed it");
        message.GetString("Text").Should().Be("Je suis à Kinshasa, mon passeport et ma carte ont été volés");
        message.GetString("OriginalText").Should().Be("Je suis à Kinshasa, mon passeport a été volé");
        (await SingleAsync(conversations, "RowKey eq 'thread'")).ETag.Should().Be(before.ETag, "neither is a message that needs an answer");
    }

    private static string Item(DateTimeOffset at, JsonObject item) => MessengerItem(Page, Psid, at, item);

    private static Task<TableEntity> MessageAsync(TableClient conversations) =>
        SingleAsync(conversations, "RowKey ge 'msg-' and RowKey lt 'msg.' and Direction eq 'in'");

    private static async Task<TableEntity> SingleAsync(TableClient table, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows.Should().ContainSingle(filter).Subject;
    }
}
