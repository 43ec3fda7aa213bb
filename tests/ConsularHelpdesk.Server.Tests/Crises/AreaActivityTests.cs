using System.Net;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Crises;

/// <summary>The area activity index: who wrote from which country or subdivision when, read without a scan.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AreaActivityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_citizens_who_wrote_from_a_country_are_read_from_that_countrys_rows_only_one_entry_each()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var now = DateTimeOffset.UtcNow;
        await TextAsync(helpdesk, "7500000000000001", now.AddMinutes(-3), "Je suis à Dakar, j'ai perdu mon passeport");
        await TextAsync(helpdesk, "7500000000000001", now.AddMinutes(-2), "Toujours à Dakar");
        await TextAsync(helpdesk, "7500000000000002", now.AddMinutes(-1), "Ich bin in Dakar");
        await TextAsync(helpdesk, "7500000000000003", now, "I am in Porto Alegre");
        var keys = helpdesk.Services.GetRequiredService<StorageKeys>();
        var index = helpdesk.Services.GetRequiredService<AreaActivity>();
        calls.Clear();

        var senegal = await index.ContactsAsync(["SN"], now.AddHours(-1), now.AddMinutes(1), CancellationToken.None);

        senegal.Select(c => c.ContactKey).Should().BeEquivalentTo(
            [keys.ContactKey(ChannelKind.Messenger, "7500000000000001"), keys.ContactKey(ChannelKind.Messenger, "7500000000000002")],
            "two citizens wrote from Senegal, one of them twice");
        senegal.Should().OnlyContain(c => (c.Area == "SN" || c.Area.StartsWith("SN-", StringComparison.Ordinal)) && c.Channel == ChannelKind.Messenger && c.ConversationId.StartsWith('c'));
        calls.TableCalls.Should().OnlyContain(c => c.Contains("AreaActivity", StringComparison.Ordinal) && c.Contains("'SN|", StringComparison.Ordinal),
            "only Senegal's partitions of the period are read, never the contacts or the conversations");
    }

    [Fact]
    public async Task A_subdivision_is_answered_from_its_countrys_rows_and_the_country_includes_it()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        await TextAsync(helpdesk, "7500000000000011", now, "I am in Porto Alegre, please help");
        var index = helpdesk.Services.GetRequiredService<AreaActivity>();

        var riograndedosul = await index.ContactsAsync(["BR-RS"], now.AddHours(-1), now.AddMinutes(1), CancellationToken.None);
        var brazil = await index.ContactsAsync(["BR"], now.AddHours(-1), now.AddMinutes(1), CancellationToken.None);
        var saopaulo = await index.ContactsAsync(["BR-SP"], now.AddHours(-1), now.AddMinutes(1), CancellationToken.None);

        riograndedosul.Should().ContainSingle().Which.Area.Should().Be("BR-RS");
        brazil.Should().ContainSingle("a crisis of the whole country reaches the citizens of its subdivisions");
        saopaulo.Should().BeEmpty();
    }

    [Fact]
    public async Task A_second_message_the_same_day_writes_no_activity_row()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var now = DateTimeOffset.UtcNow;
        await TextAsync(helpdesk, "7500000000000021", now.AddSeconds(-5), "Je suis à Dakar");
        calls.TableCalls.Count(c => c.Contains("AreaActivity", StringComparison.Ordinal)).Should().Be(1, "the first message of the day writes the row");
        calls.Clear();

        await TextAsync(helpdesk, "7500000000000021", now, "Mon passeport a été volé");

        calls.TableCalls.Should().NotContain(c => c.Contains("AreaActivity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_citizen_who_wrote_in_the_morning_and_again_in_the_evening_is_found_for_a_period_starting_between_them_at_the_evenings_time()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        // Yesterday (UTC): every instant of it is past whenever the test runs, and all of them fall in one day's partition.
        var day = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);
        await TextAsync(helpdesk, "7500000000000031", day.AddHours(8), "Je suis à Dakar");
        calls.Clear();

        await TextAsync(helpdesk, "7500000000000031", day.AddHours(8).AddMinutes(10), "Toujours à Dakar");
        var withinInterval = calls.TableCalls.Count(c => c.Contains("AreaActivity", StringComparison.Ordinal));
        calls.Clear();
        await TextAsync(helpdesk, "7500000000000031", day.AddHours(20), "Mon hôtel est fermé");
        var twelveHoursLater = calls.TableCalls.Count(c => c.Contains("AreaActivity", StringComparison.Ordinal));

        var index = helpdesk.Services.GetRequiredService<AreaActivity>();
        var afternoon = await index.ContactsAsync(["SN"], day.AddHours(12), day.AddHours(23), CancellationToken.None);

        withinInterval.Should().Be(0, $"a message within {AreaActivity.RewriteAfter} of the time the row holds costs no call");
        twelveHoursLater.Should().Be(1, "a message later than that rewrites the row once");
        afternoon.Should().ContainSingle("the citizen wrote at 20:00, within the period").Which.LastInboundAt.Should().Be(day.AddHours(20));
    }

    [Fact]
    public async Task A_message_from_an_older_instant_never_puts_its_time_over_a_newer_one_on_this_instance_or_another()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var keys = helpdesk.Services.GetRequiredService<StorageKeys>();
        var contact = keys.ContactKey(ChannelKind.Messenger, "7500000000000041");
        var day = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);
        var index = helpdesk.Services.GetRequiredService<AreaActivity>();
        var otherInstance = new AreaActivity(helpdesk.Storage); // its own notes: knows nothing of what the first wrote

        await index.RecordAsync(new Place("SN"), contact, ChannelKind.Messenger, "c000000000000000000000041", "page", day.AddHours(20), CancellationToken.None);
        await index.RecordAsync(new Place("SN"), contact, ChannelKind.Messenger, "c000000000000000000000041", "page", day.AddHours(9), CancellationToken.None);
        await otherInstance.RecordAsync(new Place("SN"), contact, ChannelKind.Messenger, "c000000000000000000000041", "page", day.AddHours(10), CancellationToken.None);
        var afterLate = (await index.ContactsAsync(["SN"], day, day.AddHours(23), CancellationToken.None)).Single().LastInboundAt;
        await otherInstance.RecordAsync(new Place("SN"), contact, ChannelKind.Messenger, "c000000000000000000000041", "page", day.AddHours(21), CancellationToken.None);
        await index.RecordAsync(new Place("SN"), contact, ChannelKind.Messenger, "c000000000000000000000041", "page", day.AddHours(22), CancellationToken.None);

        afterLate.Should().Be(day.AddHours(20), "messages of 09:00 and 10:00 processed late leave the 20:00 the row holds");
        (await index.ContactsAsync(["SN"], day, day.AddHours(23), CancellationToken.None)).Single().LastInboundAt
            .Should().Be(day.AddHours(22), "a later message rewrites the row, also after another instance wrote it");
    }

    [Fact]
    public async Task A_period_longer_than_the_limit_or_a_code_that_is_no_area_is_refused()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var index = helpdesk.Services.GetRequiredService<AreaActivity>();
        var now = DateTimeOffset.UtcNow;

        await FluentActions.Awaiting(() => index.ContactsAsync(["SN"], now.AddDays(-93), now, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => index.ContactsAsync(["Senegal"], now.AddDays(-1), now, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => index.ContactsAsync([], now.AddDays(-1), now, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
    }

    private static async Task TextAsync(HelpdeskInstance helpdesk, string psid, DateTimeOffset at, string text)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, at, CitizenPayloads.MessengerText(text))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the message is processed");
    }
}
