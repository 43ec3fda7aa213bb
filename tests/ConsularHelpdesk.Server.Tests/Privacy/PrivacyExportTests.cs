using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// An administrator finds a citizen by phone number and downloads everything held about them (issue 13, part 3):
/// every message in, out and noted, every file with its bytes, nothing of another citizen; audited without personal data.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivacyExportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_finds_a_citizen_by_phone_number_and_the_export_holds_every_message_note_and_file_of_both_conversations()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var citizen = await PrivacyCitizens.CreateAsync(helpdesk, "32470123456", "Marieke Exportvrouw", "zebra-quokka-771");
        var other = await helpdesk.ConversationAsync(ConsularHelpdesk.Channels.ChannelKind.WhatsApp, "32470999888", "Bom dia, estou em Lisboa, outra pessoa", "lisbon");
        using var admin = await helpdesk.SignInAsync("admin");

        var summary = await FindAsync(admin, new { channel = "whatsapp", id = "+32 470 12 34 56" });
        summary["conversations"]!.GetValue<int>().Should().Be(2);
        summary["posts"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("lisbon");
        summary.ToJsonString().Should().NotContain("32470123456").And.NotContain("Marieke", "the find shows counts, dates and posts, no personal data");
        (await FindAsync(admin, new { conversation = citizen.Conversations[1] }))["contact"]!.GetValue<string>().Should().Be(citizen.ContactKey);
        (await FindAsync(admin, new { channel = "whatsapp", id = "0032470123456" }))["contact"]!.GetValue<string>().Should().Be(citizen.ContactKey);

        var zip = await ExportAsync(admin, citizen.ContactKey);

        zip.Keys.Should().Contain(["README.txt", "contact.json"]);
        Encoding.UTF8.GetString(zip["README.txt"]).Should().Contain("NEDERLANDS").And.Contain("FRANÇAIS").And.Contain("DEUTSCH").And.Contain("ENGLISH");
        var contact = JsonNode.Parse(zip["contact.json"])!;
        (contact["userId"]!.GetValue<string>(), contact["name"]!.GetValue<string>(), contact["channel"]!.GetValue<string>()).Should().Be(("32470123456", "Marieke Exportvrouw", "WhatsApp"));
        contact.AsObject().Should().ContainKey("privacyNoticeGivenAt", "when the citizen was given the privacy notice (null when never)");
        var folders = zip.Keys.Where(k => k.EndsWith("/conversation.json", StringComparison.Ordinal)).Order().ToList();
        folders.Should().HaveCount(2);
        folders.Select(f => JsonNode.Parse(zip[f])!["id"]!.GetValue<string>()).Should().Equal(citizen.Conversations);
        JsonNode.Parse(zip[folders[0]])!["state"]!.GetValue<string>().Should().Be("closed");

        var messages = folders.SelectMany(f => JsonNode.Parse(zip[f.Replace("conversation.json", "messages.json", StringComparison.Ordinal)])!.AsArray()).Select(m => m!.AsObject()).ToList();
        var texts = messages.Select(m => (m["direction"]!.GetValue<string>(), m["text"]?.GetValue<string>())).ToList();
        texts.Should().Contain(("fromYou", "Bom dia, estou em Lisboa. zebra-quokka-771 primeiro"))
            .And.Contain(("fromYou", "Ainda em Lisboa, zebra-quokka-771 segundo"))
            .And.Contain(("toYou", citizen.AgentReply))
            .And.Contain(("internalNote", citizen.AgentNote));
        var thread = (await admin.ThreadAsync(citizen.Conversations[0]))["messages"]!.AsArray().Count + (await admin.ThreadAsync(citizen.Conversations[1]))["messages"]!.AsArray().Count;
        messages.Should().HaveCount(thread, "every message of both threads, as the triage page shows them");

        var files = messages.SelectMany(m => m["files"]?.AsArray() ?? []).Select(f => f!["file"]?.GetValue<string>()).ToList();
        files.Should().HaveCount(2).And.NotContainNulls();
        var photo = zip.Single(e => e.Key.StartsWith(folders[0].Replace("conversation.json", "files/", StringComparison.Ordinal), StringComparison.Ordinal) && e.Key.EndsWith(".jpg", StringComparison.Ordinal));
        photo.Value.Should().Equal(DemoMedia.Photo);
        zip.Single(e => e.Key.EndsWith(".pdf", StringComparison.Ordinal)).Value.Should().Equal(PrivacyCitizens.Pdf);
        zip.Values.Select(Encoding.UTF8.GetString).Should().NotContain(t => t.Contains(other, StringComparison.Ordinal) || t.Contains("outra pessoa", StringComparison.Ordinal), "nothing of another citizen");

        var again = await ExportAsync(admin, citizen.ContactKey);
        again.Keys.Should().BeEquivalentTo(zip.Keys);
        again.Should().AllSatisfy(e => e.Value.Should().Equal(zip[e.Key], e.Key), "a second export holds the same");

        var audit = (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Audit))).Where(r => r.PartitionKey.StartsWith("privacy-", StringComparison.Ordinal)).ToList();
        audit.Should().HaveCount(2).And.OnlyContain(r => r.GetString("Action") == "privacy.export" && r.GetString("Actor") == "admin");
        var written = string.Join("|", audit.SelectMany(r => r.Select(p => p.Value?.ToString())));
        written.Should().NotContain("32470123456").And.NotContain("Marieke").And.NotContain(citizen.ContactKey).And.NotContain("zebra");
    }

    [Theory]
    [InlineData("lisbon-agent")]
    [InlineData("africa-supervisor")]
    [InlineData("central-duty")]
    public async Task Only_administrators_find_and_export(string agentId)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ConsularHelpdesk.Channels.ChannelKind.WhatsApp, "32470123457", "Bom dia, estou em Lisboa", "lisbon");
        var key = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread").GetString("ContactKey");
        using var agent = await helpdesk.SignInAsync(agentId);

        (await agent.PostAsJsonAsync("api/triage/admin/privacy/find", new { channel = "whatsapp", id = "+32470123457" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.PostAsJsonAsync("api/triage/admin/privacy/find", new { conversation = id })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.GetAsync($"api/triage/admin/privacy/export?contact={key}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Audit))).Should().NotContain(r => r.PartitionKey.StartsWith("privacy-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("whatsapp", "+32 470 00 00 00 00 00 00 00")]
    [InlineData("whatsapp", "not a number")]
    [InlineData("telegram", "32470123456")]
    [InlineData("whatsapp", "")]
    public async Task An_id_that_cannot_be_a_citizen_is_a_400_and_one_nobody_wrote_from_a_404(string channel, string id)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");

        (await admin.PostAsJsonAsync("api/triage/admin/privacy/find", new { channel, id })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.PostAsJsonAsync("api/triage/admin/privacy/find", new { channel = "whatsapp", id = "+32470555555" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync("api/triage/admin/privacy/export?contact=whatsapp-0123")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private static async Task<JsonObject> FindAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("api/triage/admin/privacy/find", body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The export's entries, by name.</summary>
    private static async Task<Dictionary<string, byte[]>> ExportAsync(HttpClient admin, string contactKey)
    {
        using var response = await admin.GetAsync($"api/triage/admin/privacy/export?contact={contactKey}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        response.Content.Headers.ContentDisposition!.FileName.Should().StartWith("access-request-").And.NotContain("32470");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            entries[entry.FullName] = copy.ToArray();
        }

        return entries;
    }
}
