using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Contacts (<c>Contacts</c>: one row per citizen and channel): profile name, phone number, language and where it
/// came from, the open conversation, Messenger's watermarks. Written only when something it holds changes.
/// </summary>
internal sealed class ContactBook(StorageClients storage, StorageKeys keys)
{
    private const int MaxAttempts = 20;

    /// <summary>Quick replies that choose a language carry <c>LANG:</c> and the code (<c>LANG:fr</c>).</summary>
    public const string LanguagePayloadPrefix = "LANG:";

    /// <summary>Words a text needs before its language replaces one detected earlier.</summary>
    internal const int MinimumWordsToSwitch = 3;

    /// <summary>How clearly (0..1, the detector's margin over the next language) it must be told before it replaces one detected earlier.</summary>
    internal const double MinimumConfidenceToSwitch = 0.3;

    private TableClient Contacts => storage.Table(storage.Names.Contacts);

    internal Task<ContactEntity?> GetAsync(string contactKey, CancellationToken cancellationToken) =>
        Contacts.GetAsync<ContactEntity>(contactKey, string.Empty, cancellationToken);

    /// <summary>The contact of a conversation.</summary>
    internal Task<ContactEntity?> OfAsync(ThreadHeaderEntity header, CancellationToken cancellationToken) => GetAsync(header.ContactKey, cancellationToken);

    /// <summary>
    /// Adds a new contact or replaces one on its ETag (which it then carries anew); a 409 or 412 means another writer came
    /// first. With <paramref name="opened"/> (the row of the conversation the contact now points at), both in one
    /// transaction of the contact's partition: no conversation exists without its row, and it costs no call more.
    /// </summary>
    internal async Task SaveAsync(ContactEntity contact, bool isNew, CancellationToken cancellationToken, ContactConversationEntity? opened = null)
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
