using ConsularHelpdesk.Replies;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Replies;

/// <summary>
/// What an agent uploads is what its bytes say, not what the browser declares: only JPEG, PNG and PDF are kept,
/// under the extension of what they are; anything else is refused and nothing is stored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AttachmentUploadTests(AzuriteFixture azurite)
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    [Theory]
    [InlineData("tool.exe", "application/pdf", "MZ\u0090\0\u0003\0\0\0\u0004\0\0\0This program cannot be run in DOS mode.")]
    [InlineData("plan.png", "image/png", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>fetch('/api/triage/me')</script></svg>")]
    [InlineData("form.pdf", "application/pdf", "<!doctype html><html><body><script>document.cookie</script></body></html>")]
    public async Task A_file_whose_content_is_not_jpeg_png_or_pdf_is_refused_whatever_it_declares(string name, string declared, string content)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7300000000000001");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.UploadFileAsync(id, name, declared, Encoding.Latin1.GetBytes(content));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["detail"]!.GetValue<string>().Should().Be($"The file's content is not a JPEG or PNG image or a PDF document (it was declared {declared}): only those can be sent.");
        (await StoredAsync(helpdesk)).Should().BeEmpty();
        (await UploadsAuditedAsync(helpdesk)).Should().Be(0);
    }

    [Fact]
    public async Task A_real_png_declared_as_jpeg_is_refused_as_a_mismatch()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7300000000000002");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.UploadFileAsync(id, "plan.jpg", "image/jpeg", Png);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>()
            .Should().Be("The file is a PNG image but was declared image/jpeg: send it with the type it has.");
        (await StoredAsync(helpdesk)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_real_pdf_named_exe_is_stored_under_the_pdf_extension()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7300000000000003");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.UploadFileAsync(id, "report.exe", "application/pdf", Pdf);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var attachment = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        attachment["name"]!.GetValue<string>().Should().Be("report.pdf");
        attachment["id"]!.GetValue<string>().Should().EndWith("/report.pdf");
        attachment["contentType"]!.GetValue<string>().Should().Be("application/pdf");
        var stored = (await StoredAsync(helpdesk)).Should().ContainSingle().Subject;
        stored.Name.Should().Be(attachment["id"]!.GetValue<string>());
        stored.Properties.ContentType.Should().Be("application/pdf");
        stored.Properties.ContentLength.Should().Be(Pdf.Length);
    }

    [Fact]
    public async Task A_very_long_file_name_is_cut_before_its_extension()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7300000000000006");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.UploadFileAsync(id, new string('a', 5000) + ".pdf", "application/pdf", Pdf);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var name = (await response.Content.ReadFromJsonAsync<JsonObject>())!["name"]!.GetValue<string>();
        name.Should().HaveLength(AttachmentStore.MaxNameLength).And.EndWith(".pdf").And.StartWith("aaaa");
        (await StoredAsync(helpdesk)).Should().ContainSingle().Which.Name.Should().EndWith("/" + name);
    }

    [Fact]
    public async Task A_png_keeps_its_name_and_all_its_bytes()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7300000000000004");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.UploadFileAsync(id, "Plan du consulat.PNG", "image/png", Png);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var name = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        name.Should().EndWith("/Plan_du_consulat.PNG");
        var blob = helpdesk.Storage.Blobs.GetBlobContainerClient(helpdesk.Storage.Names.Attachments).GetBlobClient(name);
        (await blob.DownloadContentAsync()).Value.Content.ToArray().Should().Equal(Png);
    }

    private static async Task<List<BlobItem>> StoredAsync(HelpdeskInstance helpdesk)
    {
        var container = helpdesk.Storage.Blobs.GetBlobContainerClient(helpdesk.Storage.Names.Attachments);
        var blobs = new List<BlobItem>();
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                blobs.Add(blob);
            }
        }

        return blobs;
    }

    private static async Task<int> UploadsAuditedAsync(HelpdeskInstance helpdesk)
    {
        var count = 0;
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>())
        {
            count += row.GetString("Action") == "upload" ? 1 : 0;
        }

        return count;
    }

    /// <summary>A citizen in Dakar writes on Messenger; returns the conversation id once it is routed there.</summary>
    private static async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string psid)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = await HelpdeskInstance.EventuallyAsync(helpdesk.ConversationRowsAsync, r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == "dakar"));
        return rows.Single(h => h.RowKey == "thread" && h.GetString("PostId") == "dakar").PartitionKey;
    }
}
