using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Contacts (<c>Contacts</c>: one row per citizen and channel): profile name, phone number, language and where it
/// came from, the open conversation, Messenger's watermarks. Written only when something it holds changes. The user id,
/// phone number and profile name are encrypted at rest (<see cref="FieldCipher"/>, the property name and the contact key
/// as associated data): read decrypted, written encrypted under the active key, so a row written before encryption or
/// under a retired key is encrypted anew on its next write (and by <c>migrate-storage</c>). A value that does not decrypt
/// (altered, or its key removed) stays as stored, is shown as unreadable (<see cref="ContactEntity.ShownName"/>) and is
/// logged by property name only; it never fails the read.
/// </summary>
internal sealed partial class ContactBook(StorageClients storage, StorageKeys keys, FieldCipher cipher, ILogger<ContactBook> logger)
{
    private const int MaxAttempts = 20;

    /// <summary>Quick replies that choose a language carry <c>LANG:</c> and the code (<c>LANG:fr</c>).</summary>
    public const string LanguagePayloadPrefix = "LANG:";

    /// <summary>Words a text needs before its language replaces one detected earlier.</summary>
    internal const int MinimumWordsToSwitch = 3;

    /// <summary>How clearly (0..1, the detector's margin over the next language) it must be told before it replaces one detected earlier.</summary>
    internal const double MinimumConfidenceToSwitch = 0.3;

    private TableClient Contacts => storage.Table(storage.Names.Contacts);

    internal async Task<ContactEntity?> GetAsync(string contactKey, CancellationToken cancellationToken) =>
        await Contacts.GetAsync<ContactEntity>(contactKey, string.Empty, cancellationToken) is { } contact ? Decrypted(contact) : null;

    /// <summary>The contact of a conversation.</summary>
    internal Task<ContactEntity?> OfAsync(ThreadHeaderEntity header, CancellationToken cancellationToken) => GetAsync(header.ContactKey, cancellationToken);

    /// <summary>
    /// Adds a new contact or replaces one on its ETag (which it then carries anew); a 409 or 412 means another writer came
    /// first. With <paramref name="opened"/> (the row of the conversation the contact now points at), both in one
    /// transaction of the contact's partition: no conversation exists without its row, and it costs no call more.
    /// </summary>
    internal async Task SaveAsync(ContactEntity contact, bool isNew, CancellationToken cancellationToken, ContactConversationEntity? opened = null)
    {
        // Encrypted for the write only: the caller keeps the clear values (what it compares the next message with).
        var clear = (contact.UserId, contact.PhoneNumber, contact.ProfileName);
        contact.UserId = Encrypt(clear.UserId, nameof(ContactEntity.UserId), contact.PartitionKey)!;
        contact.PhoneNumber = Encrypt(clear.PhoneNumber, nameof(ContactEntity.PhoneNumber), contact.PartitionKey);
        contact.ProfileName = Encrypt(clear.ProfileName, nameof(ContactEntity.ProfileName), contact.PartitionKey);
        try
        {
            if (opened is null)
            {
                var response = isNew
                    ? await Contacts.AddEntityAsync(contact, cancellationToken)
                    : await Contacts.UpdateEntityAsync(contact, contact.ETag, TableUpdateMode.Replace, cancellationToken);
                contact.ETag = response.Headers.ETag ?? contact.ETag;
                return;
            }

            TableTransactionAction[] actions =
            [
                isNew ? new(TableTransactionActionType.Add, contact) : new(TableTransactionActionType.UpdateReplace, contact, contact.ETag),
                // An upsert: a redelivery after a crash between this write and the header's writes the same row again.
                new(TableTransactionActionType.UpsertReplace, opened),
            ];
            var responses = await Contacts.SubmitTransactionAsync(actions, cancellationToken);
            contact.ETag = responses.Value[0].Headers.ETag ?? contact.ETag;
        }
        finally
        {
            (contact.UserId, contact.PhoneNumber, contact.ProfileName) = clear;
        }
    }

    /// <summary>The associated data of a protected contact property: the property and the row, so that a value cannot move to another.</summary>
    internal static string Context(string property, string contactKey) => $"Contacts|{property}|{contactKey}";

    /// <summary>A contact as stored, with its personal values decrypted (or, unreadable, left as stored).</summary>
    internal ContactEntity Decrypted(ContactEntity contact)
    {
        contact.UserId = Decrypt(contact.UserId, nameof(ContactEntity.UserId), contact.PartitionKey) ?? string.Empty;
        contact.PhoneNumber = Decrypt(contact.PhoneNumber, nameof(ContactEntity.PhoneNumber), contact.PartitionKey);
        contact.ProfileName = Decrypt(contact.ProfileName, nameof(ContactEntity.ProfileName), contact.PartitionKey);
        return contact;
    }

    /// <summary>A clear value encrypted; one left protected by a failed read is written back as it was, never encrypted twice.</summary>
    private string? Encrypt(string? value, string property, string contactKey) =>
        FieldCipher.IsProtected(value) ? value : cipher.Protect(value, Context(property, contactKey));

    private string? Decrypt(string? stored, string property, string contactKey)
    {
        try
        {
            return cipher.Unprotect(stored, Context(property, contactKey));
        }
        catch (UnreadableValueException e)
        {
            LogUnreadable(property, e.Message);
            return stored;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A contact's {Property} does not decrypt: {Reason} It is shown as unreadable and kept as stored")]
    private partial void LogUnreadable(string property, string reason);

    /// <summary>Deletes the contact on its ETag (412: written meanwhile; 404: gone). Its <c>conv-</c> rows are not touched.</summary>
    internal async Task DeleteAsync(ContactEntity contact, CancellationToken cancellationToken) =>
        await Contacts.DeleteEntityAsync(contact.PartitionKey, contact.RowKey, contact.ETag, cancellationToken);

    /// <summary>Reads, changes and writes the citizen's contact (adding it if new), again on a concurrent change.</summary>
    internal async Task UpdateAsync(ChannelKind channel, ChannelAccount citizen, Action<ContactEntity> update, CancellationToken cancellationToken)
    {
        var contactKey = keys.ContactKey(channel, citizen.Id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var contact = await GetAsync(contactKey, cancellationToken);
            var isNew = contact is null;
            contact ??= new ContactEntity { PartitionKey = contactKey, Channel = channel.ToString(), UserId = citizen.Id };
            update(contact);
            try
            {
                await SaveAsync(contact, isNew, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
        }
    }

    /// <summary>
    /// Records that the reply <paramref name="replyKey"/> carries the contact's privacy notice, unless another reply
    /// carries it already: true when this one does (also when it was recorded before, on a redelivery). On the ETag, so
    /// that of two replies written at once only one carries it.
    /// </summary>
    internal async Task<bool> ClaimPrivacyNoticeAsync(string contactKey, string replyKey, string languages, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await GetAsync(contactKey, cancellationToken) is not { } contact)
            {
                return false;
            }

            if (contact.PrivacyNoticeAt is not null)
            {
                return contact.PrivacyNoticeReply == replyKey;
            }

            (contact.PrivacyNoticeAt, contact.PrivacyNoticeLanguage, contact.PrivacyNoticeReply) = (at, languages, replyKey);
            try
            {
                await SaveAsync(contact, isNew: false, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
            }
        }

        throw new InvalidOperationException("The contact kept changing; the privacy notice is claimed on the redelivery.");
    }

    /// <summary>An agent (or the citizen, through the agent) sets the language; detection no longer changes it.</summary>
    public Task SetLanguageAsync(ChannelKind channel, string userId, string language, string source, CancellationToken cancellationToken)
    {
        if (!Languages.Supported.Contains(language) && language != Languages.Other)
        {
            throw new ArgumentException($"Unsupported language '{language}'.", nameof(language));
        }

        return UpdateAsync(channel, new ChannelAccount(userId), c => (c.Language, c.LanguageSource) = (language, source), cancellationToken);
    }

    /// <summary>
    /// The citizen's language after this message, when it changes: their own choice (a <c>LANG:xx</c> quick reply) wins
    /// over detection, and detection never overrides a choice (the citizen's or an agent's). A detected language of the
    /// four gives way only to a confident detection of another of them (<see cref="IsConfident"/>): a Dutch citizen who
    /// then writes "Thanks" or "Gracias" stays Dutch; another language (<see cref="Languages.Other"/>) never replaces one of the four.
    /// </summary>
    internal static (string Language, string Source)? LanguageOf(ChannelActivity activity, ContactEntity contact)
    {
        if (activity.Payload is { } payload && payload.StartsWith(LanguagePayloadPrefix, StringComparison.Ordinal))
        {
            var chosen = payload[LanguagePayloadPrefix.Length..].ToLowerInvariant();
            if (Languages.Supported.Contains(chosen) && (contact.Language != chosen || contact.LanguageSource != LanguageSources.Citizen))
            {
                return (chosen, LanguageSources.Citizen);
            }
        }

        if (contact.LanguageSource is null or LanguageSources.Detected && activity.Text is { Length: > 0 } text)
        {
            var detected = LanguageDetector.Detect(text);
            var replaces = !Languages.IsKnown(contact.Language) || (Languages.IsKnown(detected.Code) && IsConfident(detected));
            if (detected.Code != Languages.Unknown && detected.Code != contact.Language && replaces)
            {
                return (detected.Code, LanguageSources.Detected);
            }
        }

        return null;
    }

    /// <summary>
    /// Sure enough to change a language already detected: a text of <see cref="MinimumWordsToSwitch"/> words or more
    /// that the detector tells clearly from the next language. One word ("Thanks", "Merci") or a short mixed answer is not.
    /// </summary>
    internal static bool IsConfident(DetectedLanguage detected) =>
        detected.Words >= MinimumWordsToSwitch && detected.Confidence >= MinimumConfidenceToSwitch;

    /// <summary>
    /// When the citizen last wrote: the later of the contact's time (any conversation, but written only when the
    /// contact changes) and the header's (exact for this conversation: written with every message).
    /// </summary>
    internal static DateTimeOffset? LastInbound(ThreadHeaderEntity header, ContactEntity? contact) =>
        contact?.LastInboundAt is { } fromContact && (header.LastInboundAt is null || fromContact > header.LastInboundAt) ? fromContact : header.LastInboundAt;
}
