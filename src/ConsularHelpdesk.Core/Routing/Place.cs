namespace ConsularHelpdesk.Routing;

/// <summary>
/// Where a citizen is, as far as routing cares: an ISO 3166-1 alpha-2 country ("BR") and, where the country is
/// split between posts, an ISO 3166-2 first-level subdivision ("BR-RS").
/// </summary>
internal readonly record struct Place(string Country, string? Subdivision = null)
{
    public override string ToString() => Subdivision ?? Country;
}

/// <summary>Point → country and subdivision, from boundary polygons.</summary>
internal interface IGeoLocator
{
    /// <summary>The place that contains the point, or null at sea or outside every polygon.</summary>
    Place? Locate(double latitude, double longitude);
}
