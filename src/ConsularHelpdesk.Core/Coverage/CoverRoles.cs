namespace ConsularHelpdesk.Coverage;

/// <summary>The tiers of cover, first line first: the values of <see cref="CoverPerson.Role"/>.</summary>
internal static class CoverRoles
{
    /// <summary>Rostered on the post itself.</summary>
    public const string PostDuty = "postDuty";

    /// <summary>Rostered on a regional hub that contains the post.</summary>
    public const string RegionalHub = "regionalHub";

    /// <summary>Rostered on the central 24/7 desk: the last line for every post.</summary>
    public const string CentralDesk = "centralDesk";
}
