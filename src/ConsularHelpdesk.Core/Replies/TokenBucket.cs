namespace ConsularHelpdesk.Replies;

/// <summary>
/// <paramref name="rate"/> tokens a second, at most <paramref name="burst"/> saved up. Each caller reserves the next token
/// at once (the count may go below zero) and waits until it has accrued, so callers are served in the order they came
/// and in any second at most rate + burst go. A caller that gives up while waiting hands its token back.
/// </summary>
internal sealed class TokenBucket(int rate, int burst, TimeProvider time)
{
    private readonly Lock gate = new();
    private double tokens = burst;
    private long refilledAt = time.GetTimestamp();

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(refilledAt, now).TotalSeconds * rate));
            refilledAt = now;
            tokens -= 1;
            if (tokens >= 0)
            {
                return;
            }

            wait = TimeSpan.FromSeconds(-tokens / rate);
        }

        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (gate)
            {
                tokens += 1;
            }

            throw;
        }
    }
}
