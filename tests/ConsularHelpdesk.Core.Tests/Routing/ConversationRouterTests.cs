using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Geo;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Core.Tests.Routing;

/// <summary>The resolution chain on the real data files: every step, the ambiguous names, and which signal wins.</summary>
public sealed class ConversationRouterTests
{
    private static readonly PostCatalog Catalog = PostCatalog.LoadEmbedded();
    private static readonly ConversationRouter Router = new(Catalog, GeoLocator.LoadEmbedded(), PlaceRecognizer.LoadEmbedded());

    private static string WhatsAppOf(string post) => Catalog.Get(post).WhatsAppPhoneNumberId!;

    private static string PageOf(string post) => Catalog.Get(post).MessengerPageId!;

    [Theory]
    [InlineData(-11.6609, 27.4794, "lubumbashi", "CD")] // Lubumbashi
    [InlineData(-30.0346, -51.2177, "saopaulo", "BR")] // Porto Alegre
    [InlineData(41.7151, 44.8271, "moscow", "GE")] // Tbilisi: the post accredited for Georgia
    [InlineData(-4.3217, 15.3126, "kinshasa", "CD")]
    [InlineData(40.7128, -74.0060, "newyork", "US")]
    [InlineData(33.7490, -84.3880, "atlanta", "US")]
    [InlineData(38.7223, -9.1393, "lisbon", "PT")]
    [InlineData(22.3193, 114.1694, "hongkong", "HK")]
    [InlineData(50.8503, 4.3517, "central", "BE")]
    public void A_shared_location_routes_to_the_post_of_its_country_or_subdivision(double lat, double lon, string post, string country)
    {
        var decision = Router.Route(new RoutingInput(Location: new GeoPoint(lat, lon)));

        decision.PostId.Should().Be(post);
        decision.Step.Should().Be(RoutingStep.Location);
        decision.Place!.Value.Country.Should().Be(country);
        decision.Reason.Should().Contain("Shared location");
    }

    [Theory]
    [InlineData("Ik zit in Lubumbashi en mijn paspoort is gestolen", "lubumbashi")]
    [InlineData("Je suis à Porto Alegre, j'ai perdu mes papiers", "saopaulo")]
    [InlineData("Ich bin in Tiflis, Georgien", "moscow")]
    [InlineData("I'm in Atlanta, Georgia and need help", "atlanta")]
    [InlineData("stuck in georgia, please help", "moscow")]
    [InlineData("Nous sommes à Brazzaville", "kinshasa")]
    [InlineData("I am Belgian, in Lisbon", "lisbon")]
    [InlineData("hospital in Sao Paolo", "saopaulo")]
    [InlineData("Washington", "washington")]
    [InlineData("ik ben in Dakar", "dakar")]
    public void Places_named_in_the_text_route_the_conversation(string text, string post)
    {
        var decision = Router.Route(new RoutingInput(Text: text));

        decision.PostId.Should().Be(post);
        decision.Step.Should().Be(RoutingStep.Text);
    }

    [Fact]
    public void An_ambiguous_name_says_what_else_it_could_be()
    {
        var decision = Router.Route(new RoutingInput(Text: "stuck in georgia"));

        decision.Place!.Value.Country.Should().Be("GE");
        decision.Reason.Should().Contain("could also be").And.Contain("US-GA");
    }

    [Fact]
    public void The_page_or_number_of_a_post_routes_to_that_post()
    {
        Router.Route(new RoutingInput(ChannelKind.WhatsApp, WhatsAppOf("lubumbashi"))).Should().Match<RoutingDecision>(d => d.PostId == "lubumbashi" && d.Step == RoutingStep.Channel);
        Router.Route(new RoutingInput(ChannelKind.Messenger, PageOf("dakar"))).Should().Match<RoutingDecision>(d => d.PostId == "dakar" && d.Step == RoutingStep.Channel);
    }

    [Fact]
    public void The_central_desks_own_number_says_nothing_about_where_the_citizen_is()
    {
        var decision = Router.Route(new RoutingInput(ChannelKind.WhatsApp, WhatsAppOf("central"), Text: "hello"));

        decision.Step.Should().Be(RoutingStep.Ask);
        decision.PostId.Should().Be("central");
        decision.Attempts.Single(a => a.Step == RoutingStep.Channel).Reason.Should().Contain("central desk");
    }

    [Theory]
    [InlineData("5551999990000", "brasilia")] // Brazil, no subdivision: the country's default post
    [InlineData("221770000000", "dakar")]
    public void The_phone_numbers_country_is_a_weak_hint(string phone, string post)
    {
        var decision = Router.Route(new RoutingInput(Text: "hello", PhoneNumber: phone));

        decision.PostId.Should().Be(post);
        decision.Step.Should().Be(RoutingStep.Phone);
        decision.Reason.Should().StartWith("Weak hint");
    }

    [Fact]
    public void A_belgian_number_says_nothing_and_the_central_desk_asks()
    {
        var decision = Router.Route(new RoutingInput(Text: "hallo, ik heb een vraag", PhoneNumber: "32470000001"));

        decision.PostId.Should().Be("central");
        decision.Step.Should().Be(RoutingStep.Ask);
        decision.Attempts.Select(a => a.Step).Should().Equal(RoutingStep.Channel, RoutingStep.Location, RoutingStep.Text, RoutingStep.Phone, RoutingStep.Ask);
        decision.Attempts.Single(a => a.Step == RoutingStep.Phone).Reason.Should().Contain("Belgian");
    }

    [Fact]
    public void The_answer_to_the_intake_question_routes()
    {
        var decision = Router.Route(new RoutingInput(Payload: "WHERE:BE", Text: "Ik ben in België"));

        decision.PostId.Should().Be("central");
        decision.Step.Should().Be(RoutingStep.Text);
        decision.Reason.Should().Contain("answered");
    }

    [Fact]
    public void A_shared_location_outranks_the_page_written_to()
    {
        var decision = Router.Route(new RoutingInput(ChannelKind.Messenger, PageOf("kinshasa"), Location: new GeoPoint(-11.6609, 27.4794)));

        decision.PostId.Should().Be("lubumbashi");
        decision.Attempts.Should().Contain(a => a.Step == RoutingStep.Channel && a.Decided && a.PostId == "kinshasa");
    }

    [Fact]
    public void The_page_written_to_outranks_a_place_named_in_passing()
    {
        var decision = Router.Route(new RoutingInput(ChannelKind.Messenger, PageOf("kinshasa"), Text: "mon fils est à Lisbonne"));

        decision.PostId.Should().Be("kinshasa");
        decision.Step.Should().Be(RoutingStep.Channel);
    }

    [Fact]
    public void A_point_at_sea_is_no_location()
    {
        var decision = Router.Route(new RoutingInput(Location: new GeoPoint(30, -40)));

        decision.Step.Should().Be(RoutingStep.Ask);
        decision.Attempts.Single(a => a.Step == RoutingStep.Location).Reason.Should().Contain("no country");
    }

    [Theory]
    [InlineData(nameof(RoutingStep.Location), nameof(RoutingStep.Text), true)]
    [InlineData(nameof(RoutingStep.Text), nameof(RoutingStep.Location), false)]
    [InlineData(nameof(RoutingStep.Location), nameof(RoutingStep.Manual), false)]
    [InlineData(nameof(RoutingStep.Phone), nameof(RoutingStep.Ask), true)]
    [InlineData(nameof(RoutingStep.Text), nameof(RoutingStep.Text), false)]
    public void Only_a_stronger_signal_moves_a_conversation_and_never_one_placed_by_hand(string next, string current, bool moves) =>
        new RoutingDecision("x", Enum.Parse<RoutingStep>(next), "r", null, []).Outranks(Enum.Parse<RoutingStep>(current)).Should().Be(moves);
}
