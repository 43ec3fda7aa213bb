namespace ConsularHelpdesk.Threads;

/// <summary>What a sender's claim on a message of ours came to (<see cref="SendClaims.TryClaimForSendingAsync"/>).</summary>
internal enum SendClaim
{
    /// <summary>This sender sends it.</summary>
    Claimed,

    /// <summary>Sent already, or gone: nothing to do.</summary>
    Done,

    /// <summary>Another sender is at it: try again after its lease.</summary>
    Busy,
}
