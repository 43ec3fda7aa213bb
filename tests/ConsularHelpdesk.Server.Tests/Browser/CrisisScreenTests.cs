using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>The crises screen in real Chromium on the self-host: a supervisor opens a crisis for a country and its dashboard counts a new message from there.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrisisScreenTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task A_supervisor_opens_a_crisis_for_a_country_and_the_dashboard_counts_a_new_message_from_there()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var (context, page) = await SupervisorPageAsync(helpdesk);

        await page.ClickAsync("[data-testid=crises-open]");
        await page.ClickAsync("[data-testid=crisis-new]");
        await page.FillAsync("[data-testid=crisis-title]", "Unrest in Kinshasa");
        // The area picker offers what the API lets this supervisor open: the countries their region's posts alone serve.
        await Assertions.Expect(page.Locator("[data-testid=crisis-country-picker] option[value=CD]")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=crisis-country-picker] option[value=PT]")).ToHaveCountAsync(0);
        await page.SelectOptionAsync("[data-testid=crisis-country-picker]", "CD");
        await page.FillAsync("[data-testid=crisis-message-nl]", "Blijf binnen. Crisisnummer +32 2 501 40 00.");
        await page.FillAsync("[data-testid=crisis-message-fr]", "Restez à l'intérieur. Numéro de crise +32 2 501 40 00.");
        await page.FillAsync("[data-testid=crisis-message-de]", "Bleiben Sie drinnen. Krisennummer +32 2 501 40 00.");
        await page.FillAsync("[data-testid=crisis-message-en]", "Stay indoors. Crisis number +32 2 501 40 00.");
        await page.ClickAsync("[data-testid=crisis-save]");

        var conversations = page.Locator("[data-testid=crisis-count-conversations] .value");
        await Assertions.Expect(conversations).ToHaveTextAsync("0", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=crisis-row]")).ToHaveCountAsync(1);

        // A citizen in Kinshasa writes; the dashboard polls and counts them, waiting for an answer.
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7800000000000001", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Kinshasa, on entend des tirs"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        await Assertions.Expect(conversations).ToHaveTextAsync("1", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=crisis-count-waiting] .value")).ToHaveTextAsync("1", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=crisis-conversation]")).ToHaveCountAsync(1, new() { Timeout = Patience });
    }

    [Fact]
    public async Task The_dashboard_lists_a_large_crisis_50_at_a_time_level_first_and_load_more_shows_the_rest()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var api = await helpdesk.SignInAsync("africa-supervisor");
        using var opened = await api.PostAsJsonAsync("api/triage/crises", new
        {
            title = "Floods in Kinshasa",
            countries = new[] { "CD" },
            subdivisions = Array.Empty<string>(),
            messages = new { nl = "Overstromingen.", fr = "Inondations.", de = "Überschwemmungen.", en = "Floods." },
        });
        opened.StatusCode.Should().Be(HttpStatusCode.Created);
        var crisis = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        // 60 conversations as the inbox projection writes them; the one raised to critical waits least but comes first.
        var rows = helpdesk.Services.GetRequiredService<CrisisConversations>();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await rows.UpsertAsync(crisis, new CrisisConversation($"c{i:D24}", "kinshasa", "Messenger", i == 59 ? "critical" : "elevated", CrisisConversationStates.Waiting, now.AddMinutes(-60 + i), now.AddMinutes(-60 + i), now.AddMinutes(-60 + i), "CD", $"Message {i}", 1), ct));

        var (context, page) = await SupervisorPageAsync(helpdesk);
        await page.ClickAsync("[data-testid=crises-open]");
        await page.ClickAsync("[data-testid=crisis-show]");

        var listed = page.Locator("[data-testid=crisis-conversation]");
        await Assertions.Expect(page.Locator("[data-testid=crisis-count-conversations] .value")).ToHaveTextAsync("60", new() { Timeout = Patience });
        await Assertions.Expect(listed).ToHaveCountAsync(50, new() { Timeout = Patience });
        await Assertions.Expect(listed.First).ToHaveAttributeAsync("data-id", $"c{59:D24}");
        await Assertions.Expect(listed.Nth(1)).ToHaveAttributeAsync("data-id", $"c{0:D24}", new() { Timeout = Patience });

        await page.ClickAsync("[data-testid=crisis-more]");

        await Assertions.Expect(listed).ToHaveCountAsync(60, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=crisis-more]")).ToHaveCountAsync(0);
        await Assertions.Expect(listed.Last).ToHaveAttributeAsync("data-id", $"c{58:D24}", new() { Timeout = Patience });
    }

    /// <summary>A browser page signed in as the Africa region's supervisor, the conversation list shown.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SupervisorPageAsync(HelpdeskInstance helpdesk)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-africa-supervisor]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        return (context, page);
    }
}
