using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// The WhatsApp business account id (<c>WhatsApp:BusinessAccountId</c>), checked when the host starts on both hosts:
/// <see cref="OwnAccounts"/> is built only when the first message comes, and a typo found then would fail every
/// inbound body and every send instead of the start.
/// </summary>
internal sealed class WhatsAppAccountOptions
{
    public const string Section = "WhatsApp";

    /// <summary>Optional; digits only, as Meta's ids are.</summary>
    [RegularExpression("^[0-9]+$", ErrorMessage = "'WhatsApp:BusinessAccountId' must be digits only, as Meta's ids are.")]
    public string? BusinessAccountId { get; set; }
}
