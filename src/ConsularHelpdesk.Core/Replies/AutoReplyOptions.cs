namespace ConsularHelpdesk.Replies;

/// <summary>The automatic replies to citizens (both hosts read the same section).</summary>
internal sealed class AutoReplyOptions
{
    public const string Section = "AutoReplies";

    /// <summary>Acknowledge a message written while its post is closed (once per conversation and closure period).</summary>
    public bool Acknowledge { get; set; } = true;

    /// <summary>Greet a conversation opened while its post is open (once per conversation). Off unless a ministry wants it.</summary>
    public bool Greeting { get; set; }

    /// <summary>
    /// Send the emergency reply (the duty officer alerted, the emergency numbers) to a message that made its conversation
    /// urgent or critical, once per conversation. On unless a ministry turns it off.
    /// </summary>
    public bool Emergency { get; set; } = true;

    /// <summary>
    /// Tell the citizen which post handles their case once the conversation is routed to one, and again when it moves
    /// (<see cref="PostNotice"/>). On unless a ministry turns it off.
    /// </summary>
    public bool PostNotice { get; set; } = true;
}
