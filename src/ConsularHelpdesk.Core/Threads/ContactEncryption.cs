using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// The <c>migrate-storage</c> step that encrypts every contact's personal values under the active key: rows written
/// before encryption (in clear) and values under a retired key id (rotation). A one-off scan of the contact rows
/// (<c>RowKey eq ''</c>; never in the app), each row that needs it read and written again through <see cref="ContactBook"/>
/// on its ETag. Idempotent (a second run finds nothing to write) and resumable (a row is done or not).
/// </summary>
internal sealed class ContactEncryption(StorageClients storage, ContactBook contacts, FieldCipher cipher)
{
    private const int MaxAttempts = 20;

    private static readonly string[] Protected = [nameof(ContactEntity.UserId), nameof(ContactEntity.PhoneNumber), nameof(ContactEntity.ProfileName)];

    /// <summary>Encrypts (or, with <paramref name="dryRun"/>, counts) the contacts to write again.</summary>
    public async Task<ContactEncryptionCounts> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var (read, written, unreadable) = (0, 0, 0);
        var table = storage.Table(storage.Names.Contacts);
        await foreach (var row in table.QueryAsync<TableEntity>($"RowKey eq ''", select: [nameof(ITableEntity.PartitionKey), .. Protected], cancellationToken: cancellationToken))
        {
            read++;
            if (!Protected.Any(p => cipher.NeedsRewrite(row.GetString(p))))
            {
                continue;
            }

            if (dryRun)
            {
                written++;
                continue;
            }

            switch (await RewriteAsync(row.PartitionKey, cancellationToken))
            {
                case true: written++; break;
                case false: unreadable++; break;
            }
        }

        return new ContactEncryptionCounts(read, written, unreadable);
    }

    /// <returns>True when written; false when a value does not decrypt (left as stored); null when the row is gone.</returns>
    private async Task<bool?> RewriteAsync(string contactKey, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await contacts.GetAsync(contactKey, cancellationToken) is not { } contact)
            {
                return null;
            }

            // Read decrypted: a value still protected in memory did not decrypt (altered, or its key removed from the
            // ring). Such a row is left as it is and counted, for an operator to look at: writing it would change nothing.
            if (FieldCipher.IsProtected(contact.UserId) || FieldCipher.IsProtected(contact.PhoneNumber) || FieldCipher.IsProtected(contact.ProfileName))
            {
                return false;
            }

            try
            {
                await contacts.SaveAsync(contact, isNew: false, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Changed meanwhile (its writer encrypted it anyway) or removed: read again.
            }
        }

        throw new InvalidOperationException("A contact kept changing during the migration; run it again.");
    }
}
