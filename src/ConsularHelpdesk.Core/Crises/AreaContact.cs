using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Crises;

/// <summary>A citizen who wrote from an area: what a crisis tags and a broadcast reaches.</summary>
/// <param name="ContactKey">The contact's storage key (HMAC, <c>StorageKeys.ContactKey</c>).</param>
/// <param name="Area">Where they wrote from: the country ("BR") or, where routing knew it, the subdivision ("BR-RS").</param>
/// <param name="Account">Our WhatsApp phone-number id or Facebook page id they wrote to.</param>
/// <param name="LastInboundAt">
/// The time of the contact's last message of that day from the area, at most <see cref="AreaActivity.RewriteAfter"/>
/// early (a later message rewrites the row only once it is that much later).
/// </param>
internal sealed record AreaContact(string ContactKey, string Area, ChannelKind Channel, string ConversationId, string? Account, DateTimeOffset LastInboundAt);
