using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Notifications;

/// <summary>
/// Records that a tier's webhook was posted for a notification (<c>Notifications</c> table, partition
/// <c>~hook-</c> + tier), so that a tier of three people gets one post, and two sweeps at once still one.
/// </summary>
internal sealed class GroupSends(StorageClients storage)
{
    private TableClient Table => storage.Table(storage.Names.Notifications);

    /// <returns>True for the first caller only.</returns>
    public async Task<bool> ClaimAsync(Notification n, Uri url, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{n.ConversationId}|{n.Breach}|{n.Reason}|{n.Level}|{url}")))[..32];
        try
        {
            await Table.AddEntityAsync(new TableEntity("~hook-" + n.RecipientRole, key), cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }
}
