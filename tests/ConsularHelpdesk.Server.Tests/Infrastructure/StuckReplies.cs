using System.Net;
using System.Net.Http.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>The self-host on a running fake clock, where the process can "die" right after a reply's thread write.</summary>
internal static class StuckReplies
{
    /// <summary>
    /// Starts the self-host on <paramref name="clock"/>; the first <paramref name="crashes"/> enqueues of a reply throw
    /// what no handler expects, as a process dying right after the thread write would leave it: in the thread, unqueued.
    /// </summary>
    public static Task<HelpdeskInstance> StartAsync(
        string connectionString, RunningClock clock, int crashes = 0, TimeSpan? grace = null, TimeSpan? period = null, HttpPipelinePolicy? calls = null)
    {
        var crash = new FaultInjection(
            m => m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith("outbound/messages", StringComparison.Ordinal),
            crashes,
            () => new InvalidOperationException("The process died here."));
        var settings = new Dictionary<string, string?>
        {
            ["StuckReplies:Grace"] = (grace ?? TimeSpan.FromMinutes(2)).ToString("c"),
            // By default the tests sweep themselves: the self-host's own timer stays out of their way.
            ["StuckReplies:Period"] = (period ?? TimeSpan.FromHours(1)).ToString("c"),
            // The response-target sweep (issue 10) too: its calls are not the stuck reply sweep's.
            ["ResponseTargets:Period"] = "01:00:00",
        };
        return HelpdeskInstance.StartAsync(connectionString, settings, development: true, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock.Time);
            s.AddSingleton<HttpPipelinePolicy>(crash);
            if (calls is not null)
            {
                s.AddSingleton(calls);
            }
        });
    }

    /// <summary>A Messenger conversation routed to Dakar, and its agent signed in.</summary>
    public static async Task<(string Id, HttpClient Agent)> ConversationAsync(HelpdeskInstance helpdesk, string psid)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var contactKey = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.Messenger, psid);
        var rows = await HelpdeskInstance.EventuallyAsync(helpdesk.ConversationRowsAsync, r => r.Any(h => h.RowKey == "thread" && h.GetString("ContactKey") == contactKey));
        return (rows.First(h => h.RowKey == "thread" && h.GetString("ContactKey") == contactKey).PartitionKey, await helpdesk.SignInAsync("dakar-agent"));
    }

    public static async Task<HttpResponseMessage> ReplyAsync(HttpClient agent, string conversationId, string text) =>
        await agent.ChangeAsync(conversationId, "replies", new { replyId = Guid.NewGuid(), text });

    /// <summary>The statuses of our messages, in thread order.</summary>
    public static async Task<List<string?>> StatusesAsync(HelpdeskInstance helpdesk) =>
        [.. (await helpdesk.OutboundAsync()).Select(r => r.GetString("Status"))];

    public static async Task<List<TableEntity>> PendingRowsAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.PendingSends).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Messages on the outbound queue, visible or being handled: 0 once every one was handled.</summary>
    public static async Task<int> OutboundQueueLengthAsync(HelpdeskInstance helpdesk) =>
        (await helpdesk.Storage.Queue(helpdesk.Storage.Names.OutboundQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
