namespace ConsularHelpdesk.Threads;

/// <summary>
/// Where a contact stands with the privacy notice: its key, whether it was given, and the keyed hash of the reply that
/// carries it (<see cref="ContactEntity.PrivacyNoticeReply"/>). <see cref="None"/> when nothing is known (no contact:
/// nothing automatic follows).
/// </summary>
internal sealed record PrivacyNoticeState(string ContactKey, bool Given, string? Reply)
{
    public static PrivacyNoticeState None { get; } = new(string.Empty, true, null);

    public static PrivacyNoticeState Of(ContactEntity contact) => new(contact.PartitionKey, contact.PrivacyNoticeAt is not null, contact.PrivacyNoticeReply);
}
