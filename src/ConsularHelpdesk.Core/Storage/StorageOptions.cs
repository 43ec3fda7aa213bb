using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// One storage account for tables, queues and blobs. Locally a connection string (Azurite);
/// in Azure the account name alone, reached with managed identity (DefaultAzureCredential).
/// </summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The Functions host's own storage setting (its queue triggers read the same account).</summary>
    public const string FunctionsStorageSetting = "AzureWebJobsStorage";

    /// <summary>A connection string; empty with <see cref="AccountName"/> set means managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The storage account name, for managed identity in Azure.</summary>
    public string? AccountName { get; set; }

    /// <summary>
    /// The secret that keys the hashes of phone numbers, user ids and message ids in storage keys. Required for any
    /// real account (from Key Vault or app settings); Azurite on a developer's machine uses a fixed development value.
    /// Changing it orphans existing contacts and dedupe markers.
    /// </summary>
    public string? KeySecret { get; set; }

    /// <summary>Prefix of every table, queue and container name, so several instances (or tests) share an account.</summary>
    [RegularExpression("^[a-z][a-z0-9]{0,15}$")]
    public string? Prefix { get; set; }

    /// <summary>Queue message text above this goes through a claim-check blob (a queue message is at most 64 KiB after base64).</summary>
    [Range(1024, 48 * 1024)]
    public int ClaimCheckThresholdBytes { get; set; } = 48 * 1024;

    /// <summary>How long a storage call may take before the webhook answers 503 and Meta retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsDevelopmentStorage =>
        string.IsNullOrWhiteSpace(AccountName) &&
        (string.IsNullOrWhiteSpace(ConnectionString) || ConnectionString.Trim().Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// With neither <see cref="ConnectionString"/> nor <see cref="AccountName"/> set, use the Functions host's
    /// account: <c>AzureWebJobsStorage</c> as a connection string, or <c>AzureWebJobsStorage__accountName</c> for
    /// managed identity. So the Functions app and its queue trigger read one account, configured once.
    /// </summary>
    internal void FallBackToFunctionsStorage(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(AccountName))
        {
            return;
        }

        var connectionString = configuration[FunctionsStorageSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            ConnectionString = connectionString;
            return;
        }

        var accountName = configuration[$"{FunctionsStorageSetting}:accountName"];
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            AccountName = accountName;
        }
    }
}
