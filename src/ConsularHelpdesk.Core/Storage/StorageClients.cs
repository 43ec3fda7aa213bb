using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Storage;

/// <summary>The service clients of the one storage account, with retries short enough for a webhook.</summary>
internal sealed class StorageClients
{
    /// <param name="policies">Extra pipeline policies (telemetry, or faults injected by the tests).</param>
    public StorageClients(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy> policies)
    {
        var o = options.Value;
        Names = new StorageNames(o.Prefix);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        foreach (ClientOptions c in new ClientOptions[] { queueOptions, tableOptions, blobOptions })
        {
            // Meta waits a few seconds at most; a storage outage must become a fast 503 so that Meta retries.
            c.Retry.MaxRetries = 2;
            c.Retry.Delay = TimeSpan.FromMilliseconds(100);
            c.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
            c.Retry.NetworkTimeout = o.NetworkTimeout;
            foreach (var policy in policies)
            {
                c.AddPolicy(policy, HttpPipelinePosition.PerCall);
            }
        }

        if (!string.IsNullOrWhiteSpace(o.AccountName) && string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            var credential = new DefaultAzureCredential();
            Queues = new QueueServiceClient(new Uri($"https://{o.AccountName}.queue.core.windows.net"), credential, queueOptions);
            Tables = new TableServiceClient(new Uri($"https://{o.AccountName}.table.core.windows.net"), credential, tableOptions);
            Blobs = new BlobServiceClient(new Uri($"https://{o.AccountName}.blob.core.windows.net"), credential, blobOptions);
        }
        else
        {
            var connectionString = string.IsNullOrWhiteSpace(o.ConnectionString) ? StorageOptions.DevelopmentStorage : o.ConnectionString;
            Queues = new QueueServiceClient(connectionString, queueOptions);
            Tables = new TableServiceClient(connectionString, tableOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
        }
    }

    public StorageNames Names { get; }

    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>Creates every table, queue and container the help desk uses (idempotent).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Names.Conversations, Names.Contacts, Names.Inbox, Names.MessageIndex, Names.Posts, Names.Incidents, Names.Audit, Names.Agents, Names.PendingSends, Names.AccountEvents, Names.Sessions, Names.SearchIndex, Names.Roster, Names.Deadlines, Names.Notifications, Names.Presence, Names.AreaActivity, Names.Crises })
        {
            await Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        await Tables.CreateTableIfNotExistsAsync(Names.Closures, cancellationToken);
        await Tables.CreateTableIfNotExistsAsync(Names.Broadcasts, cancellationToken);
        await Tables.CreateTableIfNotExistsAsync(Names.Erasures, cancellationToken);
        await Tables.CreateTableIfNotExistsAsync(Names.Purges, cancellationToken);

        foreach (var queue in new[] { Names.InboundQueue, StorageNames.PoisonQueue(Names.InboundQueue), Names.OutboundQueue, StorageNames.PoisonQueue(Names.OutboundQueue), Names.CrisisTaggingQueue, StorageNames.PoisonQueue(Names.CrisisTaggingQueue), Names.BroadcastQueue, StorageNames.PoisonQueue(Names.BroadcastQueue), Names.MediaQueue, StorageNames.PoisonQueue(Names.MediaQueue) })
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await Blobs.GetBlobContainerClient(Names.PayloadContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Blobs.GetBlobContainerClient(Names.Attachments).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Blobs.GetBlobContainerClient(Names.MediaContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>True when the account answers (for /healthz).</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Queue(Names.InboundQueue).GetPropertiesAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (StorageFailure.IsOutage(e))
        {
            return false;
        }
    }
}
