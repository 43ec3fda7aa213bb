using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Server.Demo;

/// <summary>Development only: demo agents for the development sign-in, written at start (idempotent upserts).</summary>
internal sealed class DemoAgents(AgentDirectory directory) : IHostedService
{
    public static IReadOnlyList<Agent> All { get; } =
    [
        new("central-duty", "Duty officer (central desk)", AgentRole.DutyOfficer, ["central"], "nl"),
        new("kinshasa-agent", "Agent (Kinshasa)", AgentRole.Agent, ["kinshasa"], "fr"),
        new("lubumbashi-agent", "Agent (Lubumbashi)", AgentRole.Agent, ["lubumbashi"], "fr"),
        new("saopaulo-agent", "Agent (São Paulo)", AgentRole.Agent, ["saopaulo"], "en"),
        new("lisbon-agent", "Agent (Lisbon)", AgentRole.Agent, ["lisbon"], "nl"),
        new("dakar-agent", "Agent (Dakar)", AgentRole.Agent, ["dakar"], "fr"),
        new("africa-supervisor", "Supervisor (Central Africa)", AgentRole.Supervisor, ["kinshasa", "lubumbashi", "bujumbura", "kigali"], "fr"),
        new("admin", "Administrator", AgentRole.Admin, [], "en"),
        new(DemoRoster.HubDuty, "Duty officer (South-East Asia hub)", AgentRole.DutyOfficer, ["bangkok", "hanoi", "jakarta", "kualalumpur", "manila", "singapore"], "en"),
        new(DemoRoster.NightDuty, "Duty officer (central desk, nights)", AgentRole.DutyOfficer, [Agent.AllPosts], "nl"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var agent in All)
        {
            await directory.SaveAsync(agent, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
