using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Coverage;

namespace ConsularHelpdesk.Triage;

/// <summary>A shift as the roster API takes it: local times of the target's zone, written yyyy-MM-ddTHH:mm (no offset).</summary>
internal sealed record ShiftRequest(string? AgentId, string? Target, string? Start, string? End, string? Note);

/// <summary>A shift as the roster API shows it: local times as entered, and the instants they are (UTC).</summary>
internal sealed record ShiftView(string Id, string AgentId, string AgentName, string Target, string LocalStart, string LocalEnd, DateTimeOffset Start, DateTimeOffset End, string? Note);

/// <summary>The week view of one target: its shifts and the gaps of the posts it covers in that week.</summary>
/// <param name="From">The target's local Monday 00:00, UTC.</param>
/// <param name="To">The next Monday 00:00, UTC.</param>
internal sealed record RosterWeekView(string Target, string Week, string TimeZone, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ShiftView> Shifts, IReadOnlyList<CoverGap> Gaps);

/// <summary>A regional hub as the roster screen offers it: named in the agent's language, its zone and posts.</summary>
internal sealed record HubView(string Id, string Name, string TimeZone, IReadOnlyList<string> Posts);

/// <summary>What a roster change answers: the shift (none after a delete) and the gaps of the week it touched, so the page can warn.</summary>
internal sealed record RosterChangeView(ShiftView? Shift, IReadOnlyList<CoverGap> Gaps);

/// <summary>Who covers a post now, whether it is open, and when it opens next.</summary>
internal sealed record CoverageView(string Post, DateTimeOffset At, bool Open, DateTimeOffset? NextOpen, IReadOnlyList<CoverPerson> Cover);

/// <summary>An agent as administrators create and edit them.</summary>
internal sealed record AgentRequest(string? Name, string? Role, IReadOnlyList<string?>? Posts, string? Language);

internal sealed record AgentView(string Id, string Name, AgentRole Role, IReadOnlyList<string> Posts, string Language);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ShiftRequest))]
[JsonSerializable(typeof(RosterWeekView))]
[JsonSerializable(typeof(RosterChangeView))]
[JsonSerializable(typeof(CoverageView))]
[JsonSerializable(typeof(IReadOnlyList<HubView>))]
[JsonSerializable(typeof(AgentRequest))]
[JsonSerializable(typeof(AgentView))]
[JsonSerializable(typeof(IReadOnlyList<AgentView>))]
internal sealed partial class RosterJsonContext : JsonSerializerContext;
