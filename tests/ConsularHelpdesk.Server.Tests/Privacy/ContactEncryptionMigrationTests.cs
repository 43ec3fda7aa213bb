using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// <c>migrate-storage</c>'s contacts step as an operator runs it (the real executable): a contact written in clear
/// before encryption and one under the key being retired both end under the new active key; a second run writes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContactEncryptionMigrationTests(AzuriteFixture azurite)
{
    private const string Phone = "221770005151";
    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task Rotation_a_clear_contact_and_one_under_the_old_key_are_encrypted_under_the_new_active_key_once()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await SendAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger("7600000000000951", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar")));
        await SendAsync(helpdesk, ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(Phone, "Khady", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("Je suis à Dakar")));
        var table = helpdesk.Table(n => n.Contacts);
        var keys = helpdesk.Services.GetRequiredService<StorageKeys>();
        var written = keys.ContactKey(ChannelKind.WhatsApp, Phone);
        // As the code before encryption wrote it: in clear.
        await table.UpdateEntityAsync(new TableEntity(written, string.Empty) { ["UserId"] = Phone, ["PhoneNumber"] = Phone, ["ProfileName"] = "Khady" }, Azure.ETag.All, TableUpdateMode.Merge);
        (await ContactsAsync(table)).Should().HaveCount(2).And.Contain(c => c.GetString("UserId").StartsWith("enc:v1:test1:", StringComparison.Ordinal));

        var (exit, output, error) = await RunAsync(helpdesk, "migrate-storage");

        exit.Should().Be(0, error);
        output.Should().Contain("Contacts: 2 of 2 encrypted under the active key, 0 unreadable (left as stored).").And.NotContain(Phone).And.NotContain("Khady");
        var contacts = await ContactsAsync(table);
        contacts.SelectMany(c => new[] { c.GetString("UserId"), c.GetString("ProfileName") }.Concat(c.ContainsKey("PhoneNumber") ? [c.GetString("PhoneNumber")] : []))
            .Where(v => v is not null).Should().OnlyContain(v => v.StartsWith("enc:v1:test2:", StringComparison.Ordinal));
        var ring = new FieldCipher(new Dictionary<string, byte[]> { ["test1"] = Convert.FromBase64String(HelpdeskInstance.PrivacyKey), ["test2"] = Convert.FromBase64String(NewKey) }, "test2");
        var khady = contacts.Single(c => c.PartitionKey == written);
        ring.Unprotect(khady.GetString("PhoneNumber"), ContactBook.Context("PhoneNumber", written)).Should().Be(Phone);
        ring.Unprotect(khady.GetString("ProfileName"), ContactBook.Context("ProfileName", written)).Should().Be("Khady");

        var again = await RunAsync(helpdesk, "migrate-storage");

        again.Exit.Should().Be(0);
        again.Output.Should().Contain("Contacts: 0 of 2 encrypted under the active key, 0 unreadable (left as stored).");
        (await ContactsAsync(table)).Select(c => c.ETag).Should().Equal(contacts.Select(c => c.ETag), "a second run writes nothing");
    }

    private static async Task SendAsync(HelpdeskInstance helpdesk, ChannelKind channel, string body)
    {
        (await helpdesk.PostAsync(channel, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
    }

    private static async Task<List<TableEntity>> ContactsAsync(TableClient table) =>
        [.. (await QueueDrain.RowsAsync(table)).Where(r => r.RowKey.Length == 0).OrderBy(r => r.PartitionKey, StringComparer.Ordinal)];

    /// <summary>The executable with the help desk's storage settings, a second key (test2) added to the ring and made active.</summary>
    private async Task<(int Exit, string Output, string Error)> RunAsync(HelpdeskInstance helpdesk, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConsularHelpdesk.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var configuration = helpdesk.Services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = azurite.Azurite.ConnectionString,
            ["Storage__Prefix"] = configuration["Storage:Prefix"],
            ["Storage__KeySecret"] = configuration["Storage:KeySecret"],
            ["Privacy__Keys__test1"] = HelpdeskInstance.PrivacyKey,
            ["Privacy__Keys__test2"] = NewKey,
            ["Privacy__ActiveKey"] = "test2",
            ["Meta__AppSecret"] = HelpdeskInstance.AppSecret,
            ["Meta__VerifyToken"] = HelpdeskInstance.VerifyToken,
            ["GraphApi__StartFake"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        })
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
