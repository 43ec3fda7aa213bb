using ConsularHelpdesk.Channels;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Bounds on what one item may put in storage. A Table Storage property holds 64 KiB (32 K UTF-16 characters) and an
/// entity 1 MiB, and a key 1 KiB: one oversized field from Meta (a 100 KB profile name, caption, payload or id) would
/// otherwise fail its whole webhook body on every attempt. Texts are clipped with a visible marker (the item's raw JSON
/// keeps everything); ids cannot be clipped without becoming another id, so an item with an over-long id is refused.
/// </summary>
internal static class FieldLimits
{
    /// <summary>Meta's ids are a few dozen characters; anything longer is no id of theirs.</summary>
    public const int MaxId = 256;

    /// <summary>Message text: far above the platforms' own limits (4096 WhatsApp, 2000 Messenger), below a property's.</summary>
    public const int MaxText = 30_000;

    /// <summary>A caption, a button or flow payload.</summary>
    public const int MaxPayload = 8_000;

    /// <summary>A name (profile, file, contact card, place), a referral, an address, an error text.</summary>
    public const int MaxName = 1_000;

    /// <summary>A short word (a content kind, an emoji, a media type, a hash).</summary>
    public const int MaxWord = 128;

    /// <summary>A JSON array stored in one property (attachments, errors): items beyond it are left to the raw JSON.</summary>
    public const int MaxJsonProperty = 30_000;

    /// <summary>At most this many errors per item are kept on it.</summary>
    public const int MaxErrors = 10;

    /// <summary>Characters of a legal hold's reason (<see cref="ThreadHeaderEntity.LegalHoldReason"/>); a longer one is refused (400).</summary>
    public const int LegalHoldReason = 200;

    public const string Marker = "… [truncated]";

    /// <summary>The text, or its start and <see cref="Marker"/> when longer than <paramref name="limit"/> characters.</summary>
    public static string? Clip(string? text, int limit)
    {
        if (text is null || text.Length <= limit)
        {
            return text;
        }

        var cut = limit - Marker.Length;
        // Never leave half of a surrogate pair (a cut emoji) at the end.
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), Marker);
    }

    /// <summary>The first of the activity's ids that is too long to store ("from", "recipient", "id", "status id"), or null.</summary>
    public static string? OversizedId(ChannelActivity activity) =>
        activity.From.Id.Length > MaxId ? "from"
        : activity.Recipient.Id.Length > MaxId ? "recipient"
        : activity.ChannelMessageId?.Length > MaxId ? "id"
        : activity.Status is { } status && (status.MessageId?.Length > MaxId || status.MessageIds.Any(id => id.Length > MaxId)) ? "status id"
        : null;

    /// <summary>
    /// The activity with every stored field bounded (ids are checked by <see cref="OversizedId"/> first). The raw JSON is
    /// left whole: it goes to a blob when too large for a property.
    /// </summary>
    public static ChannelActivity Bound(ChannelActivity activity) => activity with
    {
        From = Bound(activity.From),
        Recipient = Bound(activity.Recipient),
        ContentKind = Clip(activity.ContentKind, MaxWord)!,
        Text = Clip(activity.Text, MaxText),
        Payload = Clip(activity.Payload, MaxPayload),
        Reaction = Clip(activity.Reaction, MaxWord),
        Referral = Clip(activity.Referral, MaxName),
        // A reference only: an over-long one points at nothing we could have stored, so it is dropped rather than clipped.
        ReplyToId = activity.ReplyToId?.Length > MaxId ? null : activity.ReplyToId,
        Location = activity.Location is { } location
            ? location with { Name = Clip(location.Name, MaxName), Address = Clip(location.Address, MaxName) }
            : null,
        Attachments = [.. activity.Attachments.Select(Bound)],
        Errors = [.. activity.Errors.Take(MaxErrors).Select(Bound)],
    };

    private static ChannelAccount Bound(ChannelAccount account) =>
        account with { Name = Clip(account.Name, MaxName), PhoneNumber = account.PhoneNumber?.Length > MaxId ? null : account.PhoneNumber };

    private static ChannelAttachment Bound(ChannelAttachment attachment) => attachment with
    {
        ContentKind = Clip(attachment.ContentKind, MaxWord)!,
        ContentType = Clip(attachment.ContentType, MaxWord),
        MediaId = attachment.MediaId?.Length > MaxId ? null : attachment.MediaId,
        Url = attachment.Url?.Length > MaxPayload ? null : attachment.Url,
        Name = Clip(attachment.Name, MaxName),
        Caption = Clip(attachment.Caption, MaxPayload),
        Sha256 = Clip(attachment.Sha256, MaxWord),
        Content = Clip(attachment.Content, MaxPayload),
    };

    private static ChannelError Bound(ChannelError error) => error with
    {
        Title = Clip(error.Title, MaxName),
        Message = Clip(error.Message, MaxName),
        Details = Clip(error.Details, MaxName),
    };

    /// <summary>The attachments as JSON for one property, or null when there are none.</summary>
    public static string? AttachmentsJson(IReadOnlyList<ChannelAttachment> attachments) =>
        Json(attachments, ThreadJsonContext.Default.IReadOnlyListChannelAttachment, a => a with
        {
            Url = a.Url?.Length > MaxName ? null : a.Url,
            Name = Clip(a.Name, MaxName),
            Caption = Clip(a.Caption, MaxName),
            Content = Clip(a.Content, MaxName),
        });

    /// <summary>The most distress matches a message row keeps (each category once is 13; the rest adds nothing for agents).</summary>
    public const int MaxDistressMatches = 20;

    /// <summary>The longest phrase of a distress match kept (the lists' phrases are a few words).</summary>
    public const int MaxDistressPhrase = 100;

    /// <summary>Distress matches as JSON for one property (at most <see cref="MaxDistressMatches"/>, phrases clipped), or null when there are none.</summary>
    public static string? DistressMatchesJson(IEnumerable<StoredDistressMatch> matches) =>
        Json(
            [.. matches.Take(MaxDistressMatches).Select(m => m with { Category = Clip(m.Category, MaxWord) ?? string.Empty, Phrase = Clip(m.Phrase, MaxDistressPhrase) ?? string.Empty })],
            ThreadJsonContext.Default.IReadOnlyListStoredDistressMatch,
            m => m);

    /// <summary>The errors as JSON for one property, or null when there are none.</summary>
    public static string? ErrorsJson(IReadOnlyList<ChannelError> errors) =>
        Json(errors, ThreadJsonContext.Default.IReadOnlyListChannelError, Bound);

    /// <summary>
    /// JSON no longer than <see cref="MaxJsonProperty"/>: the JSON escaping of non-Latin text can make it six times its
    /// characters, so the list is halved until it fits, and a single item that still does not fit is shrunk.
    /// </summary>
    private static string? Json<T>(IReadOnlyList<T> items, JsonTypeInfo<IReadOnlyList<T>> type, Func<T, T> shrink)
    {
        var list = items;
        var shrunk = false;
        while (list.Count > 0)
        {
            var json = JsonSerializer.Serialize(list, type);
            if (json.Length <= MaxJsonProperty)
            {
                return json;
            }

            if (list.Count > 1)
            {
                list = [.. list.Take(list.Count / 2)];
            }
            else if (!shrunk)
            {
                list = [shrink(list[0])];
                shrunk = true;
            }
            else
            {
                break;
            }
        }

        return null;
    }
}
