using System.Security.Cryptography;
using System.Text;
using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// Storage keys derived from personal data — a WhatsApp user id is a phone number, a wamid encodes one — with a
/// keyed hash (HMAC-SHA256 with <see cref="StorageOptions.KeySecret"/>): keys travel in request URIs and so into
/// traces and exception messages, and a plain hash of a phone number is reversed by trying them all.
/// </summary>
internal sealed class StorageKeys
{
    /// <summary>Only for Azurite on a developer's machine; any real account needs Storage:KeySecret.</summary>
    internal const string DevelopmentSecret = "development-only-not-a-secret";

    private readonly byte[] _secret;

    public StorageKeys(IOptions<StorageOptions> options)
        : this(string.IsNullOrEmpty(options.Value.KeySecret) ? DevelopmentSecret : options.Value.KeySecret)
    {
    }

    public StorageKeys(string secret) => _secret = Encoding.UTF8.GetBytes(secret);

    /// <summary>A contact: channel and whichever user id the platform gave (never the phone number alone).</summary>
    public string ContactKey(ChannelKind channel, string userId) =>
        $"{channel.ToString().ToLowerInvariant()}-{Mac($"{channel}:user:{userId}")}";

    /// <summary>A message, by its platform id.</summary>
    public string MessageKey(ChannelKind channel, string channelMessageId) => Mac($"{channel}:{channelMessageId}");

    /// <summary>A message, or an item without an id (Messenger reactions), by what identifies it.</summary>
    public string MessageKey(ChannelActivity activity) =>
        activity.ChannelMessageId is { Length: > 0 } id
            ? MessageKey(activity.Channel, id)
            : Mac($"{activity.Channel}:{activity.Type}:{activity.From.Id}:{activity.Timestamp.ToUnixTimeMilliseconds()}:{activity.RawJson}");

    /// <summary>A search term (a contact name's word, a tag): names are personal data, so no key holds one in clear.</summary>
    public string SearchKey(string term) => Mac($"search:{term}");

    /// <summary>A reply of ours, by its reply id (which may hold a platform message id).</summary>
    public string ReplyKey(string replyId) => Mac($"reply:{replyId}");

    private string Mac(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value)))[..32];
}
