using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// Our own ids on the platforms: every page and WhatsApp phone number id bound to a post in the catalogue, and the
/// WhatsApp business account id (<c>WhatsApp:BusinessAccountId</c>, optional). None of them is ever a citizen, and
/// nothing is ever sent to one of them.
/// </summary>
internal sealed class OwnAccounts
{
    private readonly HashSet<string> _ids;

    public OwnAccounts(PostCatalog catalog, IConfiguration configuration)
    {
        _ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var post in catalog.Posts)
        {
            _ids.UnionWith(new[] { post.MessengerPageId, post.WhatsAppPhoneNumberId }.OfType<string>());
        }

        if (configuration["WhatsApp:BusinessAccountId"]?.Trim() is { Length: > 0 } businessAccount)
        {
            // Checked like the catalogue's bindings: a typo here would silently let our own account pass as a citizen.
            if (!businessAccount.All(char.IsAsciiDigit))
            {
                throw new InvalidOperationException($"'WhatsApp:BusinessAccountId' must be digits only, as Meta's ids are.");
            }

            _ids.Add(businessAccount);
        }
    }

    /// <summary>True when the id is one of ours (on either channel: Meta's ids do not collide across them).</summary>
    public bool IsOurs(string? id) => id is { Length: > 0 } && _ids.Contains(id);

    /// <summary>
    /// True when the citizen side of the activity is in fact us: one of our known ids, the entry's own id (our page or
    /// business account), or the same id as our side (a body that names no citizen falls back to the page).
    /// </summary>
    public bool IsOurs(ChannelActivity activity)
    {
        var (citizen, ours) = activity.IsEcho ? (activity.Recipient, activity.From) : (activity.From, activity.Recipient);
        if (activity.Type == ActivityTypes.MessageStatus)
        {
            // Statuses run from us to the citizen (Messenger receipts are turned round so).
            (citizen, ours) = (activity.Recipient, activity.From);
        }

        return IsOurs(citizen.Id) || citizen.Id == ours.Id || (activity.EntryId is { Length: > 0 } entry && citizen.Id == entry);
    }
}
