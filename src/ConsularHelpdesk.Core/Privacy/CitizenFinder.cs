using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using PhoneNumbers;

namespace ConsularHelpdesk.Privacy;

/// <summary>A citizen found for an access request or an erasure: their contact key and what is held about them.</summary>
internal sealed record FoundCitizen(string ContactKey, ChannelKind Channel, ContactEntity? Contact, IReadOnlyList<ContactConversationEntity> Conversations);

/// <summary>
/// Finds a citizen the way the app keys them (<see cref="StorageKeys.ContactKey"/>): a WhatsApp citizen by phone number
/// (normalised to the digits of the international number, which is WhatsApp's wa_id) or business-scoped id
/// (<c>US.…</c>), a Messenger citizen by page-scoped id, anyone by one of their conversation ids (its header names the contact).
/// </summary>
internal sealed class CitizenFinder(StorageKeys keys, ContactBook contacts, ConversationHeaders headers, ContactConversations conversations)
{
    /// <summary>A user id or phone number longer than this is none (Meta's ids are far shorter).</summary>
    public const int MaxIdLength = 64;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>The contact key of <c>channel:id</c>; null when the id cannot be one (an unparsable phone number, a wrong channel).</summary>
    public string? KeyOf(string channel, string id)
    {
        if (!Enum.TryParse<ChannelKind>(channel, ignoreCase: true, out var kind) || !channel.All(char.IsAsciiLetter) || UserId(kind, id) is not { } userId)
        {
            return null;
        }

        return keys.ContactKey(kind, userId);
    }

    /// <summary>
    /// The platform's user id for what an administrator typed: WhatsApp phone numbers in any usual notation
    /// (<c>+32 475 12 34 56</c>, <c>0032475123456</c>, <c>32475123456</c>) become the international number's digits.
    /// </summary>
    public static string? UserId(ChannelKind channel, string id)
    {
        var trimmed = id.Trim();
        if (trimmed.Length is 0 or > MaxIdLength || trimmed.Any(char.IsControl))
        {
            return null;
        }

        if (channel != ChannelKind.WhatsApp || trimmed.StartsWith("US.", StringComparison.Ordinal))
        {
            return trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? trimmed : null;
        }

        var digits = trimmed.StartsWith("00", StringComparison.Ordinal) ? trimmed[2..] : trimmed.TrimStart('+');
        if (!digits.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')'))
        {
            return null;
        }

        try
        {
            var number = Phones.Parse("+" + new string([.. digits.Where(char.IsAsciiDigit)]), null);
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164).TrimStart('+') : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The citizen of a contact key, or null when nothing is held under it (no contact row, no conversation).</summary>
    public async Task<FoundCitizen?> FindAsync(string contactKey, CancellationToken cancellationToken)
    {
        var channel = contactKey.StartsWith("messenger-", StringComparison.Ordinal) ? ChannelKind.Messenger : ChannelKind.WhatsApp;
        var contact = await contacts.GetAsync(contactKey, cancellationToken);
        var theirs = await conversations.OfAsync(contactKey, cancellationToken);
        return contact is null && theirs.Count == 0 ? null : new FoundCitizen(contactKey, channel, contact, theirs);
    }

    /// <summary>The citizen of one of their conversations.</summary>
    public async Task<FoundCitizen?> FindByConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        await headers.FindAsync(conversationId, cancellationToken) is { ContactKey.Length: > 0 } header
            ? await FindAsync(header.ContactKey, cancellationToken)
            : null;

    /// <summary>True for a string shaped like a contact key (so that one from a request is never a query of something else).</summary>
    public static bool IsContactKey(string value) =>
        (value.StartsWith("whatsapp-", StringComparison.Ordinal) || value.StartsWith("messenger-", StringComparison.Ordinal))
        && value.Length <= 50 && value[(value.IndexOf('-') + 1)..] is { Length: 32 } mac && mac.All(char.IsAsciiHexDigitLower);
}
