using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Crises;

/// <summary>The crises kept: opened, listed, closed with their history, one open crisis per area.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrisisStoreTests(AzuriteFixture azurite)
{
    private static readonly CrisisMessages Messages = new("Blijf binnen.", "Restez à l'intérieur.", "Bleiben Sie drinnen.", "Stay indoors.");

    [Fact]
    public async Task A_closed_crisis_keeps_who_opened_and_closed_it_when_and_what_it_said()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var store = helpdesk.Services.GetRequiredService<CrisisStore>();

        var (opened, conflict) = await store.OpenAsync("Floods", ["SN"], ["BR-RS"], Messages, "sup-1", "Ann Supervisor", CancellationToken.None);
        var closed = await store.CloseAsync(opened!.Id, "admin-1", "Bob Admin", CancellationToken.None);

        conflict.Should().BeNull();
        var kept = await store.GetAsync(opened.Id, CancellationToken.None);
        kept.Should().BeEquivalentTo(closed);
        kept!.IsOpen.Should().BeFalse();
        kept.Should().BeEquivalentTo(new { Title = "Floods", Countries = new[] { "SN" }, Subdivisions = new[] { "BR-RS" }, Messages, OpenedBy = "sup-1", OpenedByName = "Ann Supervisor", ClosedBy = "admin-1", ClosedByName = "Bob Admin" });
        kept.ClosedAt.Should().NotBeNull().And.BeOnOrAfter(kept.OpenedAt);
        (await store.ListAsync(CancellationToken.None)).Should().ContainSingle(c => c.Id == opened.Id);
        (await store.ListAsync(CancellationToken.None, openOnly: true)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_second_crisis_for_an_area_an_open_one_covers_is_refused_and_allowed_once_it_closed()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var store = helpdesk.Services.GetRequiredService<CrisisStore>();
        var (first, _) = await store.OpenAsync("Coup attempt", ["TR"], [], Messages, "sup-1", "Ann", CancellationToken.None);

        var same = await store.OpenAsync("Again", ["TR", "GR"], [], Messages, "sup-2", "Cy", CancellationToken.None);
        var subdivisionOfIt = await store.OpenAsync("A province", [], ["TR-34"], Messages, "sup-2", "Cy", CancellationToken.None);
        var elsewhere = await store.OpenAsync("Elsewhere", ["GR"], [], Messages, "sup-2", "Cy", CancellationToken.None);
        await store.CloseAsync(first!.Id, "sup-1", "Ann", CancellationToken.None);
        var afterClose = await store.OpenAsync("Again", ["TR"], [], Messages, "sup-2", "Cy", CancellationToken.None);

        same.Should().Be((null, first.Id));
        subdivisionOfIt.Should().Be((null, first.Id), "a province of a country in crisis is in that crisis already");
        elsewhere.Opened.Should().NotBeNull();
        afterClose.Opened.Should().NotBeNull("a closed crisis holds no area");
    }

    [Fact]
    public async Task The_open_crises_in_memory_follow_an_open_and_a_close_through_the_generation_row()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var store = helpdesk.Services.GetRequiredService<CrisisStore>();
        var open = helpdesk.Services.GetRequiredService<OpenCrises>();
        open.Covering(new Place("BR", "BR-RS")).Should().BeNull();

        var (crisis, _) = await store.OpenAsync("Floods", [], ["BR-RS"], Messages, "sup-1", "Ann", CancellationToken.None);
        await open.RefreshAsync(CancellationToken.None, force: true);

        open.Covering(new Place("BR", "BR-RS"))!.Id.Should().Be(crisis!.Id);
        open.Covering(new Place("BR", "BR-SP")).Should().BeNull();
        open.Covering(new Place("BR")).Should().BeNull("a citizen of Brazil whose state is unknown is not known to be in Rio Grande do Sul");

        await store.CloseAsync(crisis.Id, "sup-1", "Ann", CancellationToken.None);
        await open.RefreshAsync(CancellationToken.None, force: true);
        open.Covering(new Place("BR", "BR-RS")).Should().BeNull();
    }
}
