using System.Globalization;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Text;
using PhoneNumbers;

namespace ConsularHelpdesk.Routing;

/// <summary>
/// The resolution chain: the channel the citizen wrote to, a shared location, places named in the text (or
/// chosen from the intake question), the phone number's country; otherwise the central desk asks. Every step is
/// tried and recorded with its reason; the strongest signal found decides (a shared location outranks the page
/// written to, which outranks a place named in passing, which outranks the phone number).
/// </summary>
internal sealed class ConversationRouter(PostCatalog catalog, IGeoLocator geo, PlaceRecognizer places) : IConversationRouter
{
    /// <summary>Quick replies of the intake question carry <c>WHERE:</c> and an ISO 3166 code (<c>WHERE:BE</c>).</summary>
    public const string WherePayloadPrefix = "WHERE:";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public RoutingDecision Route(RoutingInput input)
    {
        var attempts = new List<RoutingAttempt>(5) { ByChannel(input), ByLocation(input), ByText(input), ByPhone(input) };
        RoutingAttempt? best = null;
        foreach (var attempt in attempts)
        {
            if (attempt.Decided && (best is null || attempt.Step > best.Step))
            {
                best = attempt;
            }
        }

        if (best is null)
        {
            best = new RoutingAttempt(RoutingStep.Ask, true, "Nothing tells where the citizen is: the central 24/7 desk holds the conversation and asks them.", Posts.Central, Why: RoutingReason.Of(RoutingReason.Ask));
            attempts.Add(best);
        }

        return new RoutingDecision(best.PostId!, best.Step, best.Reason, best.Place, attempts, best.Why);
    }

    private RoutingAttempt ByChannel(RoutingInput input)
    {
        if (input.Channel is not { } channel || string.IsNullOrEmpty(input.RecipientId))
        {
            return new(RoutingStep.Channel, false, "No page or number to go by.");
        }

        var post = catalog.ForChannelAccount(channel, input.RecipientId);
        return post switch
        {
            null => new(RoutingStep.Channel, false, $"The {channel} account written to belongs to no post."),
            { Id: Posts.Central } => new(RoutingStep.Channel, false, $"Written to the central desk's {channel} account, which serves every country."),
            _ => new(RoutingStep.Channel, true, $"Written to the {channel} account of {post.NameEn}.", post.Id, Why: RoutingReason.Of(RoutingReason.Channel, channel.ToString(), RoutingReason.PostArg(post.Id))),
        };
    }

    private RoutingAttempt ByLocation(RoutingInput input)
    {
        if (input.Location is not { } point)
        {
            return new(RoutingStep.Location, false, "No location shared.");
        }

        if (geo.Locate(point.Latitude, point.Longitude) is not { } place)
        {
            return new(RoutingStep.Location, false, "The shared location lies in no country (at sea?).");
        }

        var post = catalog.Responsible(place);
        return new(RoutingStep.Location, true, $"Shared location lies in {Describe(place)}, served by {post.NameEn}.", post.Id, place,
            RoutingReason.Of(RoutingReason.Location, Describe(place), RoutingReason.PostArg(post.Id)));
    }

    private RoutingAttempt ByText(RoutingInput input)
    {
        if (input.Payload is { } payload && payload.StartsWith(WherePayloadPrefix, StringComparison.Ordinal))
        {
            var code = payload[WherePayloadPrefix.Length..];
            var place = code.Contains('-', StringComparison.Ordinal) ? new Place(code[..code.IndexOf('-', StringComparison.Ordinal)], code) : new Place(code);
            if (IsCountryCode(place.Country))
            {
                var chosen = catalog.Responsible(place);
                return new(RoutingStep.Text, true, $"The citizen answered they are in {Describe(place)}, served by {chosen.NameEn}.", chosen.Id, place,
                    RoutingReason.Of(RoutingReason.Answer, Describe(place), RoutingReason.PostArg(chosen.Id)));
            }
        }

        if (string.IsNullOrWhiteSpace(input.Text))
        {
            return new(RoutingStep.Text, false, "No text to look for places in.");
        }

        var mentions = places.Find(input.Text);
        if (mentions.Count == 0)
        {
            return new(RoutingStep.Text, false, "The text names no known place.");
        }

        var best = mentions[0];
        var post = catalog.Responsible(best.Place);
        var alternatives = string.Join(", ", best.Alternatives.Select(Describe));
        var also = best.Alternatives.Count > 0 ? $" (could also be {alternatives})" : string.Empty;
        var why = best.Alternatives.Count > 0
            ? RoutingReason.Of(RoutingReason.TextAmbiguous, best.Matched, Describe(best.Place), RoutingReason.PostArg(post.Id), alternatives)
            : RoutingReason.Of(RoutingReason.Text, best.Matched, Describe(best.Place), RoutingReason.PostArg(post.Id));
        return new(RoutingStep.Text, true, $"The text names \"{best.Matched}\": {Describe(best.Place)}{also}, served by {post.NameEn}.", post.Id, best.Place, why);
    }

    private RoutingAttempt ByPhone(RoutingInput input)
    {
        if (string.IsNullOrEmpty(input.PhoneNumber))
        {
            return new(RoutingStep.Phone, false, "No phone number (Messenger, or a hidden WhatsApp number).");
        }

        string? region;
        try
        {
            var digits = input.PhoneNumber.TrimStart('+');
            region = Phones.GetRegionCodeForNumber(Phones.Parse("+" + digits, null));
        }
        catch (NumberParseException)
        {
            region = null;
        }

        if (region is null or "ZZ" or "001")
        {
            return new(RoutingStep.Phone, false, "The phone number's country is unknown.");
        }

        if (region == "BE")
        {
            return new(RoutingStep.Phone, false, "A Belgian phone number says nothing about where the citizen is.");
        }

        var place = new Place(region);
        var post = catalog.Responsible(place);
        return new(RoutingStep.Phone, true, $"Weak hint: the phone number is from {Describe(place)}, served by {post.NameEn}.", post.Id, place,
            RoutingReason.Of(RoutingReason.Phone, Describe(place), RoutingReason.PostArg(post.Id)));
    }

    private static bool IsCountryCode(string code) => code is [>= 'A' and <= 'Z', >= 'A' and <= 'Z'];

    private static string Describe(Place place) =>
        place.Subdivision is { } subdivision ? $"{subdivision} ({place.Country})" : place.Country.ToString(CultureInfo.InvariantCulture);
}
