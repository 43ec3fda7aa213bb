namespace ConsularHelpdesk.Targets;

/// <summary>What one sweep did with the due index rows it read.</summary>
/// <param name="Flagged">Conversations newly flagged near their target.</param>
/// <param name="Notified">Notifications recorded (and sent) by this sweep; one a concurrent sweep recorded first is not counted.</param>
/// <param name="Reassigned">Conversations taken back from an assignee not seen for ReassignAfter.</param>
/// <param name="Cleared">Left-over rows removed (answered, closed, or superseded).</param>
/// <param name="Deferred">Conversations changed meanwhile (an agent, or another sweep): looked at again by the next sweep.</param>
internal sealed record ResponseTargetSweep(int Flagged, int Notified, int Reassigned, int Cleared, int Deferred);
