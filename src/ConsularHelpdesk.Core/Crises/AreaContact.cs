using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Crises;

/// <summary>A citizen who wrote from an area: what a crisis tags and a broadcast reaches.</summary>
/// <param name="ContactKey">The contact's storage key (HMAC, <c>StorageKeys.ContactKey</c>).</param>
/// <param name="Area">Where they wrote from: the country ("BR") or, where routing knew it, the subdivision ("BR-RS").</param>
/// <param name="Account">Our WhatsApp phone-number id or Facebook page id they wrote to.</param>
/// <param name="LastInboundAt">
/// The time of the message that wrote the row: at least that late (the row is written once per contact, area and day,
/// so later messages that day leave it), and exact only for the first message of the day.
/// </param>
internal sealed record AreaContact(string ContactKey, string Area, ChannelKind Channel, string ConversationId, string? Account, DateTimeOffset LastInboundAt);
