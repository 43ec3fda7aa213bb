using System.Text;
using Azure.Data.Tables;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Functions.Triage;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Ingest;

/// <summary>
/// The distress path as the Functions host runs it, on Azurite: the inbound queue trigger with the real core records the
/// issue's example, the conversation becomes urgent with the urgent target, the first tier (here the administrator: no
/// roster, no supervisor) is told once and the emergency reply is queued once, however often the queue delivers it; the
/// triage trigger lowers it (audited), through the same TriageHttp as the self-host.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistressPathTests : FunctionsOnAzurite
{
    private const string Page = "299999999999992";
    private const string Example = "Ich bin in Lissabon im Krankenhaus nach einem Unfall, bitte helfen Sie";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Services.GetRequiredService<AgentDirectory>().SaveAsync(new Agent("admin", "Administrator", AgentRole.Admin, [], "en"), CancellationToken.None);
    }

    [Fact]
    public async Task The_issues_example_delivered_twice_is_urgent_told_once_answered_with_the_emergency_reply_once_and_an_agent_lowers_it()
    {
        var function = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        var (message, sentAt) = MessengerText(Page, "7700000000000101", "m_distress_7700000000000101", Example);

        await function.RunAsync(message, CancellationToken.None);
        await function.RunAsync(message, CancellationToken.None); // the queue delivers it again

        var storage = Services.GetRequiredService<StorageClients>();
        var header = await SingleAsync(storage.Table(storage.Names.Conversations), "RowKey eq 'thread'");
        (header.GetString("PostId"), header.GetString("Level"), header.GetBoolean("Urgent")).Should().Be(("lisbon", "urgent", true));
        header.GetDateTimeOffset("DueAt").Should().BeCloseTo(sentAt + TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(1));
        var queued = await QueuedRepliesAsync();
        queued.Should().NotBeEmpty().And.OnlyContain(m => m.ReplyId == $"emergency:{header.PartitionKey}", "no acknowledgement besides it; a redelivery re-queues the same reply, which the sender sends once");
        queued[0].Text.Should().StartWith("Ihre Nachricht wurde an die Botschaft von Belgien in", "the notice of which post handles the case leads the emergency reply: one message")
            .And.Contain("Wir haben Ihre Nachricht erhalten und sofort unseren Bereitschaftsdienst verständigt");
        var alerts = await RowsAsync(storage.Table(storage.Names.Notifications), "PartitionKey eq 'admin' and RowKey ge 'n-' and RowKey lt 'n.'");
        alerts.Should().ContainSingle("told once, though the queue delivered it twice").Which.GetString("Reason").Should().Be("raised");

        var etag = header.ETag.ToString();
        var status = await PutLevelAsync(header.PartitionKey, etag, "elevated");

        status.Should().Be(StatusCodes.Status200OK);
        (await SingleAsync(storage.Table(storage.Names.Conversations), "RowKey eq 'thread'")).GetString("Level").Should().Be("elevated");
        (await RowsAsync(storage.Table(storage.Names.Audit), "Action eq 'level'")).Should().ContainSingle().Which.GetString("Details").Should().Be("elevated");
    }

    private async Task<int> PutLevelAsync(string conversationId, string etag, string level)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = "PUT";
        context.Request.Host = new HostString("helpdesk.example");
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"aad","claims":[{"typ":"oid","val":"admin"}]}"""));
        context.Request.Headers.IfMatch = etag;
        context.Request.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes($$"""{"level":"{{level}}"}""");
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Response.Body = new MemoryStream();
        var easyAuth = new ConfigurationBuilder().AddInMemoryCollection([new("WEBSITE_AUTH_ENABLED", "True")]).Build();
        var result = await new TriageFunction(easyAuth).RunAsync(context.Request, $"conversations/{conversationId}/level");
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    private static async Task<TableEntity> SingleAsync(TableClient table, string filter) => (await RowsAsync(table, filter)).Should().ContainSingle().Subject;

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }
}
