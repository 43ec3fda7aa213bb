using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Crises;

/// <summary>
/// The conversations of a crisis's area tagged at the opening: the request's work is the same for a small area and a
/// large one (one page of the area index, one queue message), and the queue's steps, each going on from where the last
/// stopped, tag them all.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrisisTaggingTests(AzuriteFixture azurite)
{
    /// <summary>Calls the counter rows' compare-and-swap retries may add to a request that tags 20 conversations 4 at a time.</summary>
    private const int ConcurrentCounterRetries = 8;

    [Fact]
    public async Task Opening_costs_the_same_for_an_area_of_30_or_600_conversations_one_queue_message_and_the_queue_tags_them_all()
    {
        var request = new ScopedCallLog();
        var all = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["Storage:NetworkTimeout"] = "00:00:10" }, // 630 conversations seeded on a shared build machine
            services: s => s.AddSingleton<HttpPipelinePolicy>(request).AddSingleton<HttpPipelinePolicy>(all));
        var now = DateTimeOffset.UtcNow;
        // Spread over the look-back's days (several partitions of the area index per country).
        var small = Enumerable.Range(0, 30).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-(i % 7)).AddMinutes(-5), "nl")).ToList();
        var large = Enumerable.Range(1000, 600).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-(i % 7)).AddMinutes(-5), "fr")).ToList();
        await CrisisArea.SeedAsync(helpdesk, small, "PT");
        await CrisisArea.SeedAsync(helpdesk, large, "ES");
        var tagging = helpdesk.Services.GetRequiredService<CrisisTagging>();
        var open = helpdesk.Services.GetRequiredService<OpenCrises>();

        var costs = new List<IReadOnlyList<string>>();
        var crises = new List<(Crisis Crisis, int Conversations)>();
        foreach (var (country, citizens) in new[] { ("PT", small), ("ES", large) })
        {
            var crisis = await CrisisArea.OpenCrisisAsync(helpdesk, country);
            await open.RefreshAsync(CancellationToken.None, force: true);
            all.Clear();
            // What the opening request does after the crisis is stored (CrisesApi.OpenAsync).
            costs.Add(await request.CallsOfAsync(() => tagging.StartAsync(crisis, CancellationToken.None)));
            crises.Add((crisis, citizens.Count));
            await HelpdeskInstance.EventuallyAsync(() => TaggedAsync(helpdesk, crisis.Id), n => n == citizens.Count, TimeSpan.FromMinutes(3));
        }

        var areaQueriesOfTheLargeArea = all.TableCalls.Count(c => c.Contains("AreaActivity", StringComparison.Ordinal));
        foreach (var (crisis, conversations) in crises)
        {
            (await TaggedAsync(helpdesk, crisis.Id)).Should().Be(conversations, "every conversation of the area's look-back is tagged");
        }

        foreach (var cost in costs)
        {
            cost.Count(c => c.StartsWith("POST", StringComparison.Ordinal) && c.Contains("crisis-tagging", StringComparison.Ordinal))
                .Should().Be(1, "the request queues one step, however large the area");
            cost.Count(c => c.Contains("AreaActivity", StringComparison.Ordinal)).Should().BeLessThanOrEqualTo(
                CrisisTagging.InRequest, "the request reads the area index's first 20 rows (a query per partition it needs), not the area");
        }

        // The same 20 conversations' worth of work in both: only the counter rows' ETag retries (four taggings at once
        // on one post's eight counter shards) make the two differ, by a call or a few, never by the area's size.
        costs[1].Count.Should().BeLessThanOrEqualTo(costs[0].Count + ConcurrentCounterRetries, $"the request costs no more for 600 conversations than for 30 ({costs[1].Count} and {costs[0].Count} calls)");
        // 600 rows in 7 daily partitions (of 15 in the look-back), 100 rows a step: each step reads on from the last, so
        // the whole walk makes a query per step and one more per partition it passes, never the area again per step.
        areaQueriesOfTheLargeArea.Should().BeLessThanOrEqualTo((600 / CrisisTagging.BatchSize) + 2 + 15);
    }

    private static async Task<int> TaggedAsync(HelpdeskInstance helpdesk, string crisisId)
    {
        var count = 0;
        await foreach (var _ in helpdesk.Table(n => n.Conversations).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {"thread"} and CrisisId eq {crisisId}"), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
