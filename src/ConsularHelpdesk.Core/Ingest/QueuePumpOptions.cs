using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// How the self-host's pump reads the inbound queue. Defaults mirror host.json of the Functions app
/// (batchSize 16, maxDequeueCount 5, and RetryDelay 5 s = host.json's visibilityTimeout, which there is the delay
/// before a failed message is retried), so both hosts behave alike. The Functions app does not read these settings.
/// </summary>
internal sealed class QueuePumpOptions
{
    public const string Section = "Queue";

    /// <summary>False runs the webhooks without processing (e.g. while a fix is deployed elsewhere).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a message being processed stays invisible to other readers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a failed message waits before its next attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between polls of an empty queue (the pump backs off from 50 ms to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
