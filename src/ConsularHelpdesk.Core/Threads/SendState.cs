namespace ConsularHelpdesk.Threads;

/// <summary>Where a message of ours stands, for the sweep of stuck replies.</summary>
internal enum SendState
{
    /// <summary>No sender has it: still pending, or claimed by a sender whose lease ran out (it died mid-send).</summary>
    Waiting,

    /// <summary>A sender holds a live claim on it.</summary>
    Sending,

    /// <summary>Sent, failed (the agent sees it and decides), or gone: nothing for the sweep to do.</summary>
    Finished,
}
