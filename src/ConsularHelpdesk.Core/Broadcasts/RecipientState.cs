using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>Where one recipient of a broadcast stands. Only progress is kept (<see cref="RecipientStates.MovesForward"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecipientState>))]
internal enum RecipientState
{
    /// <summary>Chosen, its message not sent yet.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>Meta refused it or it could not be sent yet (a later attempt that goes through moves it to sent).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("sent")]
    Sent,

    [JsonStringEnumMemberName("delivered")]
    Delivered,

    [JsonStringEnumMemberName("read")]
    Read,

    /// <summary>The platform's rules allow no message now (no template for the language, past the tag's window).</summary>
    [JsonStringEnumMemberName("notReachable")]
    NotReachable,

    /// <summary>Not sent: the broadcast was cancelled first.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

internal static class RecipientStates
{
    /// <summary>
    /// Statuses arrive in any order and deliveries repeat: queued moves anywhere; failed to sent or later (a retry went
    /// through) or to cancelled; sent to delivered, read or failed (Meta's failed callback); delivered to read; cancelled
    /// to sent, delivered or read (a send that had passed its cancel check when the runner counted its recipient
    /// cancelled: Meta's word wins). Not reachable and read are final.
    /// </summary>
    public static bool MovesForward(RecipientState from, RecipientState to) => (from, to) switch
    {
        (RecipientState.Queued, not RecipientState.Queued) => true,
        (RecipientState.Failed, RecipientState.Sent or RecipientState.Delivered or RecipientState.Read or RecipientState.Cancelled) => true,
        (RecipientState.Sent, RecipientState.Delivered or RecipientState.Read or RecipientState.Failed) => true,
        (RecipientState.Delivered, RecipientState.Read) => true,
        (RecipientState.Cancelled, RecipientState.Sent or RecipientState.Delivered or RecipientState.Read) => true,
        _ => false,
    };
}
