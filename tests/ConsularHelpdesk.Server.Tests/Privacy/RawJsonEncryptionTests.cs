using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// A message row's raw JSON (Meta's item, whose WhatsApp "from" is the citizen's phone number and "profile" their name)
/// is encrypted at rest, in the row or, too large for it, in its blob; it decrypts for its own row only.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RawJsonEncryptionTests(AzuriteFixture azurite)
{
    private const string Phone = "221770006161";

    [Fact]
    public async Task The_raw_json_of_a_message_is_encrypted_in_its_row_and_in_its_blob_and_decrypts_for_that_row()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var at = DateTimeOffset.UtcNow;
        await SendAsync(helpdesk, CitizenPayloads.WhatsApp(Phone, "Aminata", at, CitizenPayloads.WhatsAppText("Je suis à Dakar")));
        // Longer than a table property holds once encrypted: the raw JSON goes to a blob.
        await SendAsync(helpdesk, CitizenPayloads.WhatsApp(Phone, "Aminata", at.AddSeconds(2), CitizenPayloads.WhatsAppText("Je suis à Dakar. " + new string('x', 25_000))));

        var rows = (await helpdesk.MessagesAsync()).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        rows.Should().HaveCount(2);
        var cipher = helpdesk.Services.GetRequiredService<FieldCipher>();
        var inline = rows.Single(r => r.GetString("RawJsonBlob") is null);
        inline.GetString("RawJson").Should().StartWith($"enc:v1:{HelpdeskInstance.PrivacyKeyId}:").And.NotContain(Phone).And.NotContain("Aminata");
        cipher.Unprotect(inline.GetString("RawJson"), MessageLog.RawJsonContext(inline.PartitionKey, inline.RowKey)).Should().Contain(Phone, "the item is kept whole");
        var moved = () => cipher.Unprotect(inline.GetString("RawJson"), MessageLog.RawJsonContext(inline.PartitionKey, "msg-another-row"));
        moved.Should().Throw<UnreadableValueException>();

        var large = rows.Single(r => r.GetString("RawJsonBlob") is not null);
        large.GetString("RawJson").Should().BeNull();
        var blob = (await helpdesk.Storage.Blobs.GetBlobContainerClient(helpdesk.Storage.Names.PayloadContainer).GetBlobClient(large.GetString("RawJsonBlob")).DownloadContentAsync()).Value.Content.ToString();
        blob.Should().StartWith("enc:v1:").And.NotContain(Phone);
        cipher.Unprotect(blob, MessageLog.RawJsonContext(large.PartitionKey, large.RowKey)).Should().Contain(Phone).And.Contain(new string('x', 25_000));
    }

    private static async Task SendAsync(HelpdeskInstance helpdesk, string body)
    {
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
    }
}
