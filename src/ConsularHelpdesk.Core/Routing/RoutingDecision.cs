namespace ConsularHelpdesk.Routing;

/// <summary>Where a conversation goes, and why (shown to agents).</summary>
public sealed record RoutingDecision(string PostId, string Reason);

public static class Posts
{
    /// <summary>The central 24/7 desk: holds every conversation no post is responsible for (yet).</summary>
    public const string Central = "central";
}

/// <summary>Chooses the post for a new conversation.</summary>
public interface IConversationRouter
{
    RoutingDecision Route(Channels.ChannelActivity first);
}

/// <summary>Until routing by jurisdiction exists, the central desk holds every conversation.</summary>
internal sealed class CentralDeskRouter : IConversationRouter
{
    public RoutingDecision Route(Channels.ChannelActivity first) =>
        new(Posts.Central, "No routing rule yet: the central 24/7 desk holds the conversation.");
}
