using System.Text.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Privacy;

/// <summary>What a webhook body holds of a citizen after <see cref="InboundBodyFilter"/>.</summary>
internal enum BodyVerdict
{
    /// <summary>Nothing of the citizen: leave it.</summary>
    None,

    /// <summary>Only the citizen's items: delete it.</summary>
    Theirs,

    /// <summary>The citizen's items beside others': rewritten without theirs.</summary>
    Mixed,
}

/// <summary>
/// Takes a citizen out of a queued webhook body (pure, over bytes). A body of Meta can batch several citizens'
/// messages and statuses: an item (an element of an array: a WhatsApp message, status or contact, a Messenger
/// messaging event) that holds one of the citizen's ids anywhere in it is removed, innermost first, so that an entry
/// holding other citizens' items too stays with theirs. The body's own parser tells whether anything else is left.
/// </summary>
internal static class InboundBodyFilter
{
    public static (BodyVerdict Verdict, byte[]? Cleaned) Filter(IChannelParser parser, byte[] body, IReadOnlySet<string> userIds)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return (BodyVerdict.None, null);
        }

        if (root is null || !Holds(root, userIds))
        {
            return (BodyVerdict.None, null);
        }

        var activities = parser.Parse(body);
        var others = activities.Count(a => !userIds.Contains(a.From.Id) && !userIds.Contains(a.Recipient.Id));
        if (others == 0)
        {
            return (BodyVerdict.Theirs, null);
        }

        Clean(root, userIds);
        return (BodyVerdict.Mixed, JsonSerializer.SerializeToUtf8Bytes(root, InboundBodyJsonContext.Default.JsonNode));
    }

    private static void Clean(JsonNode node, IReadOnlySet<string> ids)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o.ToList())
                {
                    if (value is not null)
                    {
                        Clean(value, ids);
                    }
                }

                break;
            case JsonArray a:
                for (var i = a.Count - 1; i >= 0; i--)
                {
                    if (a[i] is { } item)
                    {
                        Clean(item, ids);
                        if (Holds(item, ids))
                        {
                            a.RemoveAt(i);
                        }
                    }
                }

                break;
        }
    }

    private static bool Holds(JsonNode node, IReadOnlySet<string> ids) => node switch
    {
        JsonObject o => o.Any(p => p.Value is not null && Holds(p.Value, ids)),
        JsonArray a => a.Any(i => i is not null && Holds(i, ids)),
        JsonValue v => v.TryGetValue<string>(out var s) && ids.Contains(s),
        _ => false,
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class InboundBodyJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
