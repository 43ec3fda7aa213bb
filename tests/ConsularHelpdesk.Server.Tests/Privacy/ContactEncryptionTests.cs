using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// Personal data at rest (issue 13, part 5) through the real self-host on Azurite: what a dump of the Contacts table
/// shows (read with a TableClient, past the app), what the app still does with it, a value altered in storage, and
/// the key ring's checks at start.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContactEncryptionTests(AzuriteFixture azurite)
{
    private const string Phone = "221770004242";
    private const string Name = "Awa Ndiaye-Sarr";

    [Fact]
    public async Task A_table_dump_shows_no_phone_number_user_id_or_name_and_the_app_still_finds_shows_and_answers_the_citizen()
    {
        await using var helpdesk = await StartAsync();
        var conversation = await WhatsAppAsync(helpdesk, Phone, Name, "Je suis à Dakar, j'ai perdu mon passeport");

        var rows = await QueueDrain.RowsAsync(helpdesk.Table(n => n.Contacts));
        var values = rows.SelectMany(r => r.Select(p => p.Value?.ToString() ?? string.Empty)).ToList();
        values.Should().NotContain(v => v.Contains(Phone, StringComparison.Ordinal) || v.Contains("Ndiaye", StringComparison.Ordinal) || v.Contains("Awa", StringComparison.Ordinal),
            "the contact's user id (the phone number on WhatsApp), phone number and name are encrypted");
        var contact = rows.Single(r => r.RowKey.Length == 0);
        foreach (var property in new[] { "UserId", "PhoneNumber", "ProfileName" })
        {
            contact.GetString(property).Should().StartWith($"enc:v1:{HelpdeskInstance.PrivacyKeyId}:", property);
        }

        // A second message finds the contact (by the keyed hash of its id) and its open conversation.
        await WhatsAppAsync(helpdesk, Phone, Name, "Pouvez-vous m'aider ?");
        (await helpdesk.ConversationRowsAsync()).Count(r => r.RowKey == "thread").Should().Be(1);

        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var thread = await agent.ThreadAsync(conversation);
        thread["contact"]!["name"]!.GetValue<string>().Should().Be(Name, "the thread view shows the name decrypted");
        using var reply = await agent.ChangeAsync(conversation, "replies", new { replyId = "r-enc-1", text = "Bonjour, nous regardons." });
        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        helpdesk.Graph.Received.Should().Contain(r => r.Body != null && r.Body["to"] != null && r.Body["to"]!.GetValue<string>() == Phone,
            "the answer goes to the decrypted number");
    }

    [Fact]
    public async Task An_altered_value_or_one_copied_from_another_contact_shows_as_unreadable_and_breaks_neither_the_thread_nor_the_list()
    {
        await using var helpdesk = await StartAsync();
        var first = await WhatsAppAsync(helpdesk, "221770004243", "Fatou", "Je suis à Dakar");
        var second = await WhatsAppAsync(helpdesk, "221770004244", "Moussa", "Je suis à Dakar aussi");
        var table = helpdesk.Table(n => n.Contacts);
        var contacts = (await QueueDrain.RowsAsync(table)).Where(r => r.RowKey.Length == 0).ToList();
        var keys = helpdesk.Services.GetRequiredService<StorageKeys>();
        var fatou = contacts.Single(c => c.PartitionKey == keys.ContactKey(ChannelKind.WhatsApp, "221770004243"));
        var moussa = contacts.Single(c => c.PartitionKey == keys.ContactKey(ChannelKind.WhatsApp, "221770004244"));

        // One byte of Fatou's name altered; Moussa's name replaced by Fatou's (a valid value, of another row).
        var altered = fatou.GetString("ProfileName")!.ToCharArray();
        altered[^3] = altered[^3] == 'A' ? 'B' : 'A';
        await table.UpdateEntityAsync(new TableEntity(fatou.PartitionKey, string.Empty) { ["ProfileName"] = new string(altered) }, Azure.ETag.All, TableUpdateMode.Merge);
        await table.UpdateEntityAsync(new TableEntity(moussa.PartitionKey, string.Empty) { ["ProfileName"] = fatou.GetString("ProfileName") }, Azure.ETag.All, TableUpdateMode.Merge);

        using var agent = await helpdesk.SignInAsync("dakar-agent");
        foreach (var conversation in new[] { first, second })
        {
            (await agent.ThreadAsync(conversation))["contact"]!["name"]!.GetValue<string>().Should().Be("(unreadable)");
        }

        using var list = await agent.GetAsync("api/triage/posts/dakar/conversations?view=open");
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        (await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Should().HaveCount(2);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "*Privacy:Keys:bad: a key is 32 bytes*not 5*")]
    [InlineData("not base64!", "*Privacy:Keys:bad: not base64*")]
    public async Task A_key_of_the_wrong_length_fails_the_start_naming_it(string key, string message)
    {
        var start = () => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, new Dictionary<string, string?> { ["Privacy:Keys:bad"] = key });

        await start.Should().ThrowAsync<OptionsValidationException>().WithMessage(message);
    }

    [Fact]
    public async Task An_active_key_not_in_the_ring_fails_the_start()
    {
        var start = () => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, new Dictionary<string, string?> { ["Privacy:ActiveKey"] = "k9" });

        await start.Should().ThrowAsync<OptionsValidationException>().WithMessage("*Privacy:ActiveKey: 'k9' is not a key of Privacy:Keys*");
    }

    [Fact]
    public async Task In_development_a_missing_key_file_is_created_readable_by_its_owner_only_and_reused_after_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("privacy-key-");
        var path = Path.Combine(folder.FullName, "privacy.key");
        // The file's key is the active one (the tests' own key stays in the ring, as a retired one would).
        var settings = new Dictionary<string, string?> { ["Privacy:KeyFile"] = path, ["Privacy:ActiveKey"] = PrivacyKeyFile.CreatedKeyId };
        try
        {
            string psid;
            await using (var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, settings, development: true))
            {
                psid = "7600000000000901";
                (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar")))).StatusCode.Should().Be(HttpStatusCode.OK);
                (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
                (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Contacts))).Single(r => r.RowKey.Length == 0).GetString("UserId").Should().StartWith("enc:v1:local1:");
                settings["Storage:Prefix"] = helpdesk.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Prefix;
            }

            File.ReadAllText(path).Should().MatchRegex("^local1:[A-Za-z0-9+/]{43}=\n$");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await using var restarted = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, settings, development: true);
            var contact = await restarted.Services.GetRequiredService<ConsularHelpdesk.Threads.ContactBook>()
                .GetAsync(restarted.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.Messenger, psid), CancellationToken.None);
            contact!.UserId.Should().Be(psid, "the restart reads the key from the file it created");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task In_production_a_missing_key_file_fails_the_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.key");
        var start = () => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, new Dictionary<string, string?> { ["Privacy:KeyFile"] = path });

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain($"Privacy:KeyFile: no key file at '{path}'");
        File.Exists(path).Should().BeFalse("outside Development the key is never made up");
    }

    private Task<HelpdeskInstance> StartAsync() => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

    private static async Task<string> WhatsAppAsync(HelpdeskInstance helpdesk, string phone, string name, string text)
    {
        var body = CitizenPayloads.WhatsApp(phone, name, DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText(text));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var contactKey = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.WhatsApp, phone);
        return (await helpdesk.ConversationRowsAsync()).First(h => h.RowKey == "thread" && h.GetString("ContactKey") == contactKey).PartitionKey;
    }
}
