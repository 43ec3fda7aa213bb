using ConsularHelpdesk.Distress;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Tells whoever covers a conversation's post now that it was raised to urgent or critical (kept by <c>Targets</c>,
/// which knows the duty roster and the notifications): declared here so that the thread store and the level changes
/// need nothing from the feature that sends it.
/// </summary>
internal interface ILevelAlert
{
    /// <summary>Once per <paramref name="raiseId"/> and person, however often it is called (a redelivery, a retry).</summary>
    /// <param name="level">What it was raised to: urgent or critical.</param>
    Task RaisedAsync(string conversationId, string postId, DistressLevel level, string raiseId, CancellationToken cancellationToken);
}
