using System.Collections.Concurrent;
using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// A token bucket per sending account (<see cref="SendThrottleOptions"/>), on the injected <see cref="TimeProvider"/>.
/// Hand-written: the framework's <c>System.Threading.RateLimiting.TokenBucketRateLimiter</c> reads its own clock
/// (<c>Environment.TickCount</c>) even when replenished by hand, so a test's fake clock cannot move it.
/// </summary>
internal sealed class SendThrottle(IOptions<SendThrottleOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);

    /// <summary>Waits for the account's next token.</summary>
    public ValueTask AcquireAsync(ChannelKind channel, string account, CancellationToken cancellationToken) =>
        buckets.GetOrAdd($"{channel}:{account}", _ => new TokenBucket(options.Value.RateOf(account), options.Value.Burst, time)).AcquireAsync(cancellationToken);
}
