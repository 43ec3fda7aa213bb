using System.Text;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels.Messenger;

namespace ConsularHelpdesk.Privacy;

/// <summary>
/// A queued Messenger body that batches several citizens' events loses only the erased citizen's: the other citizen's
/// message, in the same entry, is still there and still parses; a body of theirs alone is theirs to delete.
/// </summary>
public sealed class InboundBodyFilterTests
{
    private static readonly MessengerParser Parser = new();
    private static readonly HashSet<string> Erased = ["7300000000000777"];

    [Fact]
    public void A_batch_of_two_citizens_keeps_the_other_citizens_event_only()
    {
        var body = Body(Event("7300000000000777", "mine, to erase"), Event("7300000000000888", "someone else's"));

        var (verdict, cleaned) = InboundBodyFilter.Filter(Parser, body, Erased);

        verdict.Should().Be(BodyVerdict.Mixed);
        var text = Encoding.UTF8.GetString(cleaned!);
        text.Should().NotContain("7300000000000777").And.NotContain("mine, to erase");
        Parser.Parse(cleaned).Select(a => (a.From.Id, a.Text)).Should().Equal(("7300000000000888", "someone else's"));
    }

    [Fact]
    public void A_body_of_the_citizen_alone_is_theirs_and_one_without_them_is_left()
    {
        InboundBodyFilter.Filter(Parser, Body(Event("7300000000000777", "a"), Event("7300000000000777", "b")), Erased).Verdict.Should().Be(BodyVerdict.Theirs);
        InboundBodyFilter.Filter(Parser, Body(Event("7300000000000888", "c")), Erased).Should().Be((BodyVerdict.None, (byte[]?)null));
        InboundBodyFilter.Filter(Parser, "not json"u8.ToArray(), Erased).Verdict.Should().Be(BodyVerdict.None);
    }

    private static JsonObject Event(string psid, string text) => new()
    {
        ["sender"] = new JsonObject { ["id"] = psid },
        ["recipient"] = new JsonObject { ["id"] = "100000000000001" },
        ["timestamp"] = 1764680000000,
        ["message"] = new JsonObject { ["mid"] = "m_" + Guid.NewGuid().ToString("N"), ["text"] = text },
    };

    private static byte[] Body(params JsonObject[] events) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["object"] = "page",
        ["entry"] = new JsonArray(new JsonObject { ["id"] = "100000000000001", ["time"] = 1764680000000, ["messaging"] = new JsonArray([.. events]) }),
    }.ToJsonString());
}
