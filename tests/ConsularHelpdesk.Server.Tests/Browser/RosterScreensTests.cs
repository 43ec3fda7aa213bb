using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The roster and agents screens in real Chromium on the self-host: a supervisor picks a post among the targets offered
/// (the hubs of their region among them), adds a shift in the week view and the gap warning changes with it; an
/// administrator creates a duty officer.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RosterScreensTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task A_supervisor_adds_a_shift_and_the_gap_warning_of_the_week_changes()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("kinshasa-night", "Night officer (Kinshasa)", "dutyOfficer", ["kinshasa"])).StatusCode.Should().Be(HttpStatusCode.OK);
        // Five weeks ahead: past the demo roster, so the post has gaps every night.
        var day = DateTime.UtcNow.Date.AddDays(35);
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var week = $"{ISOWeek.GetYear(monday):D4}-W{ISOWeek.GetWeekOfYear(monday):D2}";
        var tuesday = monday.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var wednesday = monday.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = await SignedInPageAsync(helpdesk, "africa-supervisor");

        await page.ClickAsync("[data-testid=roster-open]");
        var hub = page.Locator("[data-testid=roster-target] option[value=hub-central-africa]");
        await Assertions.Expect(hub).ToHaveCountAsync(1, new() { Timeout = Patience });
        (await hub.TextContentAsync()).Should().Be("Hub régional Afrique centrale", "the hubs of the supervisor's region are offered, named in French");
        (await page.Locator("[data-testid=roster-target] option[value=hub-southeast-asia]").CountAsync()).Should().Be(0, "that hub is outside the region");
        await page.SelectOptionAsync("[data-testid=roster-target]", "kinshasa");
        await page.FillAsync("[data-testid=roster-week]", week);
        await page.ClickAsync("[data-testid=roster-show]");
        var gaps = page.Locator("[data-testid=roster-gaps]");
        await Assertions.Expect(gaps).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("warning"), new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=roster-days] .roster-day")).ToHaveCountAsync(7);
        var before = await gaps.TextContentAsync();
        var countBefore = int.Parse(await gaps.GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);

        await page.ClickAsync("[data-testid=roster-add]");
        await page.SelectOptionAsync("[data-testid=roster-agent]", "kinshasa-night");
        await page.FillAsync("[data-testid=roster-start]", $"{tuesday}T12:00");
        await page.FillAsync("[data-testid=roster-end]", $"{wednesday}T12:00");
        await page.ClickAsync("[data-testid=roster-save]");

        await Assertions.Expect(page.Locator("[data-testid=roster-shift]")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=roster-shift]")).ToContainTextAsync("Night officer (Kinshasa)");
        await Assertions.Expect(gaps).Not.ToHaveTextAsync(before!, new() { Timeout = Patience });
        var countAfter = int.Parse(await gaps.GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);
        countAfter.Should().BeLessThan(countBefore, "the night from Tuesday to Wednesday is covered now");
        var shifts = (await admin.GetFromJsonAsync<JsonObject>($"api/triage/roster?target=kinshasa&week={week}"))!["shifts"]!.AsArray();
        shifts.Should().ContainSingle().Which!["localStart"]!.GetValue<string>().Should().Be($"{tuesday}T12:00");
    }

    [Fact]
    public async Task An_administrator_creates_a_duty_officer_in_the_agents_screen()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var page = await SignedInPageAsync(helpdesk, "admin");

        await page.ClickAsync("[data-testid=agents-open]");
        await Assertions.Expect(page.Locator("[data-testid=agent-row][data-id=dakar-agent]")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await page.ClickAsync("[data-testid=agent-add]");
        await page.FillAsync("[data-testid=agent-id]", "bangkok-night");
        await page.FillAsync("[data-testid=agent-name]", "Night officer (Bangkok)");
        await page.SelectOptionAsync("[data-testid=agent-role]", "dutyOfficer");
        await page.FillAsync("[data-testid=agent-posts]", "bangkok, hanoi");
        await page.SelectOptionAsync("[data-testid=agent-language]", "fr");
        await page.ClickAsync("[data-testid=agent-save]");

        await Assertions.Expect(page.Locator("[data-testid=agent-row][data-id=bangkok-night]")).ToContainTextAsync("Night officer (Bangkok)", new() { Timeout = Patience });
        using var admin = await helpdesk.SignInAsync("admin");
        var saved = (await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/agents/bangkok-night"))!;
        saved["role"]!.GetValue<string>().Should().Be("dutyOfficer");
        saved["posts"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("bangkok", "hanoi");
        saved["language"]!.GetValue<string>().Should().Be("fr");
    }

    private async Task<IPage> SignedInPageAsync(HelpdeskInstance helpdesk, string agentId)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync($"[data-testid=sign-in-{agentId}]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        return page;
    }
}
