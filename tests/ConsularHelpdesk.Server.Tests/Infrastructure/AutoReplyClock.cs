using System.Net;
using ConsularHelpdesk.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// What the tests of the automatic messages share: the self-host on a <see cref="RunningClock"/> moved before the start,
/// the moments they use (Bangkok works Monday to Friday, 09:00-17:00 in Asia/Bangkok, UTC+7, and is closed on Monday
/// 7 December 2026, a closure day of the office-hours data), and a webhook post that waits until what follows it is done.
/// </summary>
internal static class AutoReplyClock
{
    /// <summary>Sunday 6 December 2026, 03:00 in Bangkok: closed.</summary>
    public static readonly DateTimeOffset SundayNight = new(2026, 12, 6, 3, 0, 0, TimeSpan.FromHours(7));

    /// <summary>Tuesday 8 December 2026, 10:00 in Bangkok: open.</summary>
    public static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(7));

    /// <summary>
    /// The self-host with <paramref name="clock"/> moved to <paramref name="at"/> first (while it has no timers yet) and
    /// <paramref name="settings"/> (the automatic replies'); the stuck-reply sweep keeps to itself.
    /// </summary>
    public static Task<HelpdeskInstance> StartOnClockAsync(string connectionString, RunningClock clock, DateTimeOffset at, IDictionary<string, string?> settings)
    {
        clock.Jump(at - clock.GetUtcNow());
        var all = new Dictionary<string, string?>(settings) { ["StuckReplies:Period"] = "01:00:00" };
        return HelpdeskInstance.StartAsync(connectionString, all, services: s => s.AddSingleton<TimeProvider>(clock.Time), development: true);
    }

    /// <summary>Posts a webhook body, answered 200, and waits until the message and what follows it are processed.</summary>
    public static async Task PostProcessedAsync(this HelpdeskInstance helpdesk, ChannelKind channel, string body)
    {
        using var response = await helpdesk.PostAsync(channel, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the message and what follows it are processed");
    }
}
