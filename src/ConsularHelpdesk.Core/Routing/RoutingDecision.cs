using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Routing;

/// <summary>
/// The signals routing uses, weakest first. A conversation moves only on a stronger signal than the one that
/// placed it, and never automatically once an agent placed it by hand.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoutingStep>))]
internal enum RoutingStep
{
    /// <summary>Nothing told us where the citizen is: the central desk holds the conversation and asks.</summary>
    Ask = 0,

    /// <summary>The phone number's country: weak (+32 says nothing about where a Belgian is).</summary>
    Phone = 1,

    /// <summary>A place the citizen named in the text, or chose in answer to the intake question.</summary>
    Text = 2,

    /// <summary>The post's own Messenger page or WhatsApp number the citizen wrote to.</summary>
    Channel = 3,

    /// <summary>A location the citizen shared: where they are.</summary>
    Location = 4,

    /// <summary>An agent's decision (transfer): never overridden automatically.</summary>
    Manual = 5,
}

/// <summary>One step of the resolution chain as tried: whether it found a post, and why (shown to agents).</summary>
/// <param name="Why">The reason as data, for agents in their language (decided steps).</param>
internal sealed record RoutingAttempt(RoutingStep Step, bool Decided, string Reason, string? PostId = null, Place? Place = null, RoutingReason? Why = null);

/// <summary>Where a conversation goes, which signal decided it, and every step tried.</summary>
internal sealed record RoutingDecision(string PostId, RoutingStep Step, string Reason, Place? Place, IReadOnlyList<RoutingAttempt> Attempts, RoutingReason? Why = null)
{

    /// <summary>Whether this decision may replace one taken on <paramref name="current"/>.</summary>
    public bool Outranks(RoutingStep current) => current != RoutingStep.Manual && Step > current;
}

/// <summary>What routing looks at in one message.</summary>
internal sealed record RoutingInput(
    ChannelKind? Channel = null,
    string? RecipientId = null,
    string? Text = null,
    GeoPoint? Location = null,
    string? PhoneNumber = null,
    string? Payload = null);

/// <summary>Chooses the post for a message of a conversation.</summary>
internal interface IConversationRouter
{
    RoutingDecision Route(RoutingInput input);
}
