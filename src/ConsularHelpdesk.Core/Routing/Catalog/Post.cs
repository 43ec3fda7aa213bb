namespace ConsularHelpdesk.Routing.Catalog;

internal enum PostKind
{
    Embassy,
    ConsulateGeneral,
    PermanentRepresentation,
    Central,
    Other,
}

/// <summary>
/// A Belgian post that can hold conversations, as listed in <c>Routing/Data/posts.json</c>.
/// </summary>
/// <param name="Id">Short lowercase slug ("kinshasa", "brussels-eu", "central").</param>
/// <param name="City">English name of the city.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code of the country the post is in.</param>
/// <param name="TimeZone">IANA time zone id ("Africa/Lubumbashi").</param>
/// <param name="Languages">The languages the post works in with citizens (ISO 639-1), in order of preference.</param>
/// <param name="MessengerPageId">The Facebook page the post answers on (Messenger).</param>
/// <param name="WhatsAppPhoneNumberId">The WhatsApp Cloud API phone number id the post answers on, if it has one.</param>
/// <param name="NameDe">The name in German (in the catalogue for every post; the citizen is told it in the post notice).</param>
/// <param name="ConsularHelp">
/// False for posts that do no consular work (a permanent representation to an international organisation): they
/// can receive messages on their page but are never responsible for a jurisdiction.
/// </param>
internal sealed record Post(
    string Id,
    string NameNl,
    string NameFr,
    string NameEn,
    PostKind Kind,
    string City,
    string Country,
    string TimeZone,
    IReadOnlyList<string> Languages,
    string? MessengerPageId,
    string? WhatsAppPhoneNumberId,
    bool ConsularHelp,
    string NameDe = "")
{
    /// <summary>The post's name in a language the helpdesk writes in (nl, fr, de, en; English for any other).</summary>
    public string NameIn(string language) => language switch
    {
        "nl" => NameNl,
        "fr" => NameFr,
        "de" => NameDe.Length > 0 ? NameDe : NameEn,
        _ => NameEn,
    };
}
