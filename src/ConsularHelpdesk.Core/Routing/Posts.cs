namespace ConsularHelpdesk.Routing;

/// <summary>Post ids the code itself needs to know.</summary>
internal static class Posts
{
    /// <summary>The central 24/7 desk: holds every conversation no post is responsible for (yet).</summary>
    public const string Central = "central";
}
