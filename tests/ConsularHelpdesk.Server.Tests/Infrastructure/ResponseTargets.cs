using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Targets;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>The self-host on a running fake clock for the response-target tests, with the roster and alerts they read.</summary>
internal static class ResponseTargets
{
    /// <summary>Starts the self-host on <paramref name="clock"/>; the tests sweep themselves (the hosts' own timers wait an hour).</summary>
    public static Task<HelpdeskInstance> StartAsync(string connectionString, RunningClock clock, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["StuckReplies:Period"] = "01:00:00",
            ["ResponseTargets:Period"] = "01:00:00",
            ["Notifications:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return HelpdeskInstance.StartAsync(connectionString, all, development: true, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock.Time);
            services?.Invoke(s);
        });
    }

    public static ResponseTargetSweeper Sweeper(this HelpdeskInstance helpdesk) => helpdesk.Services.GetRequiredService<ResponseTargetSweeper>();

    /// <summary>Puts the agent on the roster for <paramref name="target"/> (a post, a hub or "central") from an hour ago for a day.</summary>
    public static async Task RosterAsync(this HelpdeskInstance helpdesk, string agentId, string name, string target, string zone)
    {
        var start = helpdesk.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(-1);
        var end = start.AddDays(1);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var shift = new RosterShift(RosterKeys.NewId(start), agentId, name, target, TimeZoneInfo.ConvertTime(start, tz).DateTime, TimeZoneInfo.ConvertTime(end, tz).DateTime, start, end, null);
        await helpdesk.Services.GetRequiredService<DutyRoster>().AddAsync(shift, "test", CancellationToken.None);

        // Only duty officers who may answer for the post are told (as the roster API lets only them be rostered).
        string[] posts = target == "central" || target.StartsWith("hub-", StringComparison.Ordinal) ? [Agent.AllPosts] : [target];
        await helpdesk.Services.GetRequiredService<AgentDirectory>().SaveAsync(new Agent(agentId, name, AgentRole.DutyOfficer, posts, "fr"), CancellationToken.None);
    }

    /// <summary>Removes every shift around now (the Development demo roster among them), so a test starts with nobody on duty.</summary>
    public static async Task ClearRosterAsync(this HelpdeskInstance helpdesk)
    {
        var roster = helpdesk.Services.GetRequiredService<DutyRoster>();
        var now = helpdesk.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var shift in await roster.ShiftsAsync(now.AddDays(-8), now.AddDays(15), CancellationToken.None))
        {
            await roster.DeleteAsync(shift.Id, CancellationToken.None);
        }
    }

    public static Task AgentAsync(this HelpdeskInstance helpdesk, string id, AgentRole role, params string[] posts) =>
        helpdesk.Services.GetRequiredService<AgentDirectory>().SaveAsync(new Agent(id, id, role, posts, "fr"), CancellationToken.None);

    /// <summary>The agent's alerts as the page reads them.</summary>
    public static async Task<JsonObject> AlertsAsync(this HttpClient agent)
    {
        using var response = await agent.GetAsync("api/triage/alerts");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Every alert recorded for the agent (the table itself, whatever the page shows).</summary>
    public static async Task<List<TableEntity>> AlertRowsAsync(this HelpdeskInstance helpdesk, string agentId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.Notifications).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {agentId} and RowKey ge {"n-"} and RowKey lt {"n."}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<List<TableEntity>> DeadlineRowsAsync(this HelpdeskInstance helpdesk) =>
        await QueueDrain.RowsAsync(helpdesk.Table(n => n.Deadlines));

    /// <summary>The conversation as a post's list shows it.</summary>
    public static async Task<JsonNode> ListedAsync(this HttpClient agent, string post, string conversationId)
    {
        var page = (await agent.GetFromJsonAsync<JsonObject>($"api/triage/posts/{post}/conversations"))!;
        return page["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == conversationId)!;
    }
}
