using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Routing;

namespace ConsularHelpdesk.Threads;

/// <summary>One routing change of a conversation, automatic or by hand, as agents see it.</summary>
internal sealed record RoutingChange(DateTimeOffset At, string PostId, RoutingStep Step, string Reason, string By, string? Place, RoutingReason? Why = null);

/// <summary>The routing of a conversation lives on its header: the current post and step, and every change before.</summary>
internal static class RoutingHistory
{
    /// <summary>A table property holds 32 K characters; the oldest changes give way first.</summary>
    private const int MaxEntries = 40;

    public static void Apply(ThreadHeaderEntity header, RoutingDecision decision, string by, DateTimeOffset at)
    {
        if (header.PostId != decision.PostId)
        {
            // The old post's agent can no longer open it: on the new post it starts unassigned.
            (header.AssignedTo, header.AssignedToName) = (null, null);
            header.PreviousPostId = header.PostId;
        }

        header.PostId = decision.PostId;
        header.RoutingStep = decision.Step.ToString();
        header.RoutingReason = decision.Reason;
        header.RoutingPlace = decision.Place?.ToString();
        header.RoutingWhy = decision.Why?.ToJson();
        var history = Read(header);
        history.Add(new RoutingChange(at, decision.PostId, decision.Step, decision.Reason, by, header.RoutingPlace, decision.Why));
        if (history.Count > MaxEntries)
        {
            history.RemoveRange(0, history.Count - MaxEntries);
        }

        header.RoutingHistory = JsonSerializer.Serialize(history, RoutingHistoryJsonContext.Default.ListRoutingChange);
    }

    /// <summary>
    /// When the conversation came to the post it is at: the first of the last changes that name that post (a later
    /// change on the same post, a stronger step, does not move it). Null before any change is kept.
    /// </summary>
    public static DateTimeOffset? ArrivedAt(ThreadHeaderEntity header)
    {
        var history = Read(header);
        DateTimeOffset? arrived = null;
        for (var i = history.Count - 1; i >= 0 && history[i].PostId == header.PostId; i--)
        {
            arrived = history[i].At;
        }

        return arrived;
    }

    public static List<RoutingChange> Read(ThreadHeaderEntity header) =>
        header.RoutingHistory is { Length: > 0 } json
            ? JsonSerializer.Deserialize(json, RoutingHistoryJsonContext.Default.ListRoutingChange) ?? []
            : [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<RoutingChange>))]
internal sealed partial class RoutingHistoryJsonContext : JsonSerializerContext;
