using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// How fast the sender writes to Meta per sending account (a WhatsApp phone-number id, a Messenger page): Meta allows a
/// number about 80 messages a second, so the default stays well below it. Per instance: every instance of the app has
/// its own buckets (a broadcast also paces what it queues, <c>Broadcasts</c>, so that it does not rely on this alone).
/// </summary>
internal sealed class SendThrottleOptions : IValidatableObject
{
    public const string Section = "Throttle";

    /// <summary>Messages a second per sending account.</summary>
    [Range(1, 80)]
    public int MessagesPerSecond { get; set; } = 20;

    /// <summary>How many may go at once after a quiet spell (the bucket's size); in any second at most rate + burst go.</summary>
    [Range(1, 80)]
    public int Burst { get; set; } = 10;

    /// <summary>A rate of its own for some accounts (key: the phone-number id or page id), 1–80 a second.</summary>
    public Dictionary<string, int> PerAccount { get; set; } = [];

    public int RateOf(string account) => PerAccount.TryGetValue(account, out var rate) ? rate : MessagesPerSecond;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (account, rate) in PerAccount)
        {
            if (rate is < 1 or > 80)
            {
                yield return new($"Throttle:PerAccount:{account} must be between 1 and 80 messages a second.");
            }
        }
    }
}
