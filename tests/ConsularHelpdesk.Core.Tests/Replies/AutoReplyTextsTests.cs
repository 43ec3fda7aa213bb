using System.Text;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The automatic replies' texts and numbers from the real data file: the four languages, the opening time written in
/// the post's zone and the citizen's language, per-post texts, and the loader naming the row it rejects.
/// </summary>
public sealed class AutoReplyTextsTests
{
    private static readonly Lazy<PostCatalog> Catalog = new(PostCatalog.LoadEmbedded);
    private static readonly TimeZoneInfo Bangkok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");

    /// <summary>Tuesday 8 December 2026, 09:00 in Bangkok.</summary>
    private static readonly DateTimeOffset Opening = new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("nl", "We hebben uw bericht ontvangen.", "dinsdag 8 december om 09:00")]
    [InlineData("fr", "Nous avons bien reçu votre message.", "mardi 8 décembre à 09h00")]
    [InlineData("de", "Wir haben Ihre Nachricht erhalten.", "Dienstag, 8. Dezember um 09:00 Uhr")]
    [InlineData("en", "We have received your message.", "Tuesday 8 December at 09:00")]
    [InlineData("other", "We have received your message.", "Tuesday 8 December at 09:00")]
    public void The_acknowledgement_says_when_the_post_opens_in_its_zone_and_the_citizen_language(string language, string start, string opening)
    {
        var text = AutoReplyTexts.LoadEmbedded(Catalog.Value).Acknowledgement("bangkok", Languages.ReplyLanguages(language), Opening, Bangkok);

        text.Should().StartWith(start).And.Contain(opening).And.Contain("+00 00 000 00 01").And.Contain("+32 2 501 81 11").And.NotContain("{");
    }

    [Fact]
    public void A_citizen_whose_language_cannot_be_told_gets_the_dutch_and_the_french_acknowledgement_in_one_text()
    {
        var text = AutoReplyTexts.LoadEmbedded(Catalog.Value).Acknowledgement("bangkok", Languages.ReplyLanguages(Languages.Unknown), Opening, Bangkok);

        var parts = text.Split(InLanguages.Separator);
        parts.Should().HaveCount(2);
        parts[0].Should().StartWith("We hebben uw bericht ontvangen.").And.Contain("dinsdag 8 december om 09:00");
        parts[1].Should().StartWith("Nous avons bien reçu votre message.").And.Contain("mardi 8 décembre à 09h00");
    }

    [Theory]
    [InlineData("lisbon", "nl", "Uw bericht is doorgegeven aan de Ambassade van België in Lissabon.")]
    [InlineData("lisbon", "fr", "Votre message a été transmis à l'Ambassade de Belgique à Lisbonne.")]
    [InlineData("lisbon", "de", "Ihre Nachricht wurde an die Botschaft von Belgien in Lissabon weitergeleitet.")]
    [InlineData("lisbon", "en", "Your message was passed to the Embassy of Belgium in Lisbon.")]
    [InlineData("lubumbashi", "nl", "Uw bericht is doorgegeven aan het Consulaat-generaal van België in Lubumbashi.")]
    [InlineData("lubumbashi", "fr", "Votre message a été transmis au Consulat général de Belgique à Lubumbashi.")]
    [InlineData("lubumbashi", "de", "Ihre Nachricht wurde an das Generalkonsulat von Belgien in Lubumbashi weitergeleitet.")]
    [InlineData("central", "en", "Your message was passed to the Central 24/7 desk.")]
    public void The_post_notice_names_the_post_in_the_citizen_language_with_the_right_article(string postId, string language, string expected)
    {
        var post = Catalog.Value.TryGet(postId, out var found) ? found : throw new InvalidOperationException(postId);

        AutoReplyTexts.LoadEmbedded(Catalog.Value).Notice(postId, language, PostNames.ToPost(post, language), passedOn: false).Should().Be(expected);
    }

    [Theory]
    [InlineData("nl", "We hebben uw bericht ontvangen en onze wachtdienst meteen verwittigd")]
    [InlineData("fr", "Nous avons bien reçu votre message et avons alerté immédiatement notre agent de permanence")]
    [InlineData("de", "Wir haben Ihre Nachricht erhalten und sofort unseren Bereitschaftsdienst verständigt")]
    [InlineData("en", "We have received your message and alerted our duty officer at once")]
    [InlineData("other", "We have received your message and alerted our duty officer at once")]
    public void The_emergency_reply_says_the_duty_officer_is_alerted_and_gives_the_posts_and_the_central_desks_numbers(string language, string start)
    {
        var texts = AutoReplyTexts.LoadEmbedded(Catalog.Value);

        texts.EmergencyNowFor("bangkok", Languages.ReplyLanguages(language)).Should().StartWith(start).And.Contain("+00 00 000 00 01").And.Contain("+32 2 501 81 11").And.NotContain("{");
        texts.EmergencyNowFor("paris", Languages.ReplyLanguages(language)).Should().StartWith(start).And.Contain("+32 2 501 81 11").And.NotContain("+00").And.NotContain("{");
    }

    [Fact]
    public void A_post_without_an_emergency_number_of_its_own_gives_the_central_desk_number_only()
    {
        var text = AutoReplyTexts.LoadEmbedded(Catalog.Value).Acknowledgement("paris", "fr", null, Bangkok);

        text.Should().Be(
            "Nous avons bien reçu votre message. Notre bureau est actuellement fermé ; un agent consulaire vous répondra dès sa réouverture.\n\n"
            + "En cas d'urgence (votre vie ou votre sécurité est en danger) : appelez les services de secours locaux ou la permanence 24h/24 du ministère à Bruxelles : +32 2 501 81 11.");
    }

    [Fact]
    public void A_post_may_replace_a_text_in_one_language_and_keeps_the_others()
    {
        var file = Embedded();
        file["posts"]!.AsArray().Add(JsonNode.Parse("""{ "post": "paris", "emergency": "+00 00 000 00 09", "texts": { "ack": { "en": "Night desk: we answer urgent messages within 15 minutes. Otherwise {opensAt}." } } }"""));
        var texts = Load(file.ToJsonString());

        texts.Acknowledgement("paris", "en", Opening, Bangkok).Should().StartWith("Night desk: we answer urgent messages within 15 minutes. Otherwise Tuesday 8 December at 09:00.")
            .And.Contain("+00 00 000 00 09");
        texts.Acknowledgement("paris", "nl", Opening, Bangkok).Should().StartWith("We hebben uw bericht ontvangen.");
    }

    [Theory]
    [InlineData("missing-language", "auto-replies.json texts.greeting: no text in 'de'*")]
    [InlineData("unknown-placeholder", "auto-replies.json texts.ack.fr: unknown placeholder {opensOn}*")]
    [InlineData("opening-in-greeting", "auto-replies.json texts.greeting.en: {opensAt} cannot be used here*")]
    [InlineData("unknown-post", "auto-replies.json post #4 ('atlantis'): unknown post 'atlantis'*")]
    [InlineData("duplicate-post", "auto-replies.json post #4 ('bangkok'): duplicate post 'bangkok'.")]
    [InlineData("bad-number", "auto-replies.json post #1 ('bangkok'): emergency number 'call us' must be written*")]
    [InlineData("post-number-without-one", "auto-replies.json post #4 ('paris') texts.emergency.nl: {postEmergency} cannot be used here*")]
    [InlineData("unknown-language", "auto-replies.json post #4 ('paris') texts.ack: unknown language 'es'*")]
    [InlineData("no-central-number", "auto-replies.json central: no 'emergency' number.")]
    [InlineData("notice-without-link", "auto-replies.json texts.privacyNotice.en: the privacy notice links to the privacy page ({privacyUrl})*")]
    [InlineData("link-elsewhere", "auto-replies.json texts.greeting.en: {privacyUrl} only in 'privacyNotice'.")]
    [InlineData("post-notice", "auto-replies.json post #4 ('paris') texts.privacyNotice: the privacy notice is the ministry's, not a post's.")]
    public void The_loader_rejects_a_bad_row_and_names_it(string change, string message)
    {
        var file = Embedded();
        var posts = file["posts"]!.AsArray();
        switch (change)
        {
            case "missing-language": file["texts"]!["greeting"]!.AsObject().Remove("de"); break;
            case "unknown-placeholder": file["texts"]!["ack"]!["fr"] = "Nous ouvrons {opensOn}."; break;
            case "opening-in-greeting": file["texts"]!["greeting"]!["en"] = "Hello, we open {opensAt}."; break;
            case "unknown-post": posts.Add(JsonNode.Parse("""{ "post": "atlantis" }""")); break;
            case "duplicate-post": posts.Add(JsonNode.Parse("""{ "post": "bangkok" }""")); break;
            case "bad-number": posts[0]!["emergency"] = "call us"; break;
            case "post-number-without-one": posts.Add(JsonNode.Parse("""{ "post": "paris", "texts": { "emergency": { "nl": "Bel {postEmergency}." } } }""")); break;
            case "unknown-language": posts.Add(JsonNode.Parse("""{ "post": "paris", "texts": { "ack": { "es": "Hemos recibido su mensaje." } } }""")); break;
            case "no-central-number": file["central"]!.AsObject().Remove("emergency"); break;
            case "notice-without-link": file["texts"]!["privacyNotice"]!["en"] = "Privacy: see our website."; break;
            case "link-elsewhere": file["texts"]!["greeting"]!["en"] = "Hello. Privacy: {privacyUrl}"; break;
            case "post-notice": posts.Add(JsonNode.Parse("""{ "post": "paris", "texts": { "privacyNotice": { "fr": "Vie privée : {privacyUrl}" } } }""")); break;
        }

        var act = () => Load(file.ToJsonString());

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void The_embedded_file_has_every_text_in_the_four_languages_and_marks_its_numbers_as_not_final()
    {
        var file = Embedded();

        foreach (var text in file["texts"]!.AsObject())
        {
            text.Value!.AsObject().Select(t => t.Key).Should().BeEquivalentTo(["nl", "fr", "de", "en"], "text '{0}'", text.Key);
        }

        file["central"]!["status"]!.GetValue<string>().Should().StartWith("To be confirmed");
        file["posts"]!.AsArray().Should().OnlyContain(p => p!["status"]!.GetValue<string>().StartsWith("Draft", StringComparison.Ordinal) && p["emergency"]!.GetValue<string>().StartsWith("+00", StringComparison.Ordinal));
    }

    private static JsonObject Embedded()
    {
        var assembly = typeof(AutoReplyTexts).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Replies.Data." + AutoReplyTexts.File, StringComparison.Ordinal)))!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static AutoReplyTexts Load(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return AutoReplyTexts.Load(stream, Catalog.Value);
    }
}
