using System.Security.Cryptography;
using System.Text;
using Azure;
using ConsularHelpdesk.Coverage;

namespace ConsularHelpdesk.Server.Demo;

/// <summary>
/// Development only: a roster that covers every night of the demo, written at start after the demo agents: the South-East
/// Asia hub's duty officer and the central desk's night duty officer, each on week-long shifts for the current and the
/// next week (from Monday 00:00 UTC of now's ISO week). Idempotent: the shift ids derive from who, where and when, so a
/// restart adds only the weeks not there yet.
/// </summary>
internal sealed class DemoRoster(DutyRoster roster, RosterTargets targets, TimeProvider time) : IHostedService
{
    public const string HubDuty = "asia-hub-duty";

    public const string NightDuty = "night-duty";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var monday = new DateTimeOffset(now.UtcDateTime.Date.AddDays(-(((int)now.UtcDateTime.DayOfWeek + 6) % 7)), TimeSpan.Zero);
        foreach (var (agent, name, target) in new[]
        {
            (HubDuty, "Duty officer (South-East Asia hub)", "hub-southeast-asia"),
            (NightDuty, "Duty officer (central desk, nights)", Routing.Posts.Central),
        })
        {
            var where = targets.Find(target)!;
            for (var week = 0; week < 2; week++)
            {
                var start = monday.AddDays(7 * week);
                var end = start.AddDays(7);
                var id = $"{RosterKeys.Week(start)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{agent}|{target}|{start:O}")))[..32]}";
                try
                {
                    await roster.AddAsync(new RosterShift(id, agent, name, target, where.ToLocal(start), where.ToLocal(end), start, end, "Demo roster"), "demo", cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // Seeded by an earlier start.
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
