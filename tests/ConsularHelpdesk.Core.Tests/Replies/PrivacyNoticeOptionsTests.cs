using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The privacy notice's page per language (<c>Privacy:NoticeUrl</c>) as checked at start, and the notice as it rides a
/// message: after the text, in each reply language, never clipped (the text is, when both do not fit).
/// </summary>
public sealed class PrivacyNoticeOptionsTests
{
    private static readonly Lazy<AutoReplyTexts> Texts = new(() => AutoReplyTexts.LoadEmbedded(PostCatalog.LoadEmbedded()));

    [Fact]
    public void The_defaults_give_every_language_an_https_page()
    {
        var options = new PrivacyNoticeOptions();

        options.Problem().Should().BeNull();
        Languages.Supported.Select(options.UrlFor).Should().OnlyContain(u => u.Scheme == "https");
    }

    [Fact]
    public void A_language_without_a_page_of_its_own_takes_the_default()
    {
        var options = new PrivacyNoticeOptions { NoticeUrl = new(StringComparer.OrdinalIgnoreCase) { ["nl"] = "https://example.org/nl", ["default"] = "https://example.org/privacy" } };

        options.Problem().Should().BeNull();
        options.UrlFor("nl").Should().Be(new Uri("https://example.org/nl"));
        options.UrlFor("de").Should().Be(new Uri("https://example.org/privacy"));
    }

    [Theory]
    [InlineData("nl", "http://example.org/nl", "Privacy:NoticeUrl:nl: 'http://example.org/nl' is not an absolute https address*")]
    [InlineData("fr", "example.org/fr", "Privacy:NoticeUrl:fr: 'example.org/fr' is not an absolute https address*")]
    [InlineData("es", "https://example.org/es", "Privacy:NoticeUrl:es: not a language*")]
    [InlineData("de", "", "Privacy:NoticeUrl: no privacy page for de and no Privacy:NoticeUrl:default.")]
    public void A_page_that_is_not_an_absolute_https_address_or_a_language_without_one_is_named(string language, string url, string message)
    {
        var options = new PrivacyNoticeOptions();
        options.NoticeUrl[language] = url;

        new PrivacyNoticeValidation().Validate(null, options).FailureMessage.Should().Match(message);
    }

    [Fact]
    public void An_address_longer_than_the_limit_is_refused()
    {
        var options = new PrivacyNoticeOptions();
        options.NoticeUrl["en"] = "https://example.org/" + new string('a', PrivacyNoticeOptions.MaxUrl);

        options.Problem().Should().StartWith("Privacy:NoticeUrl:en:").And.Contain($"at most {PrivacyNoticeOptions.MaxUrl} characters");
    }

    [Fact]
    public void The_notice_follows_the_text_in_each_reply_language_with_that_language_page()
    {
        var notice = Notice();

        var text = notice.With("Bonjour", Languages.ReplyLanguages(Languages.Unknown), InLanguages.MessageLimit);

        text.Should().StartWith("Bonjour\n\nPrivacy: we gebruiken uw gegevens").And.Contain("https://example.org/nl\n\nVie privée : nous utilisons")
            .And.EndWith("https://example.org/fr");
    }

    [Fact]
    public void A_text_too_long_to_carry_the_notice_is_clipped_with_an_ellipsis_and_the_notice_kept_whole()
    {
        var notice = Notice();
        var whole = notice.With(string.Empty, ["en"], InLanguages.MessageLimit)[2..];

        var text = notice.With(new string('x', 1500), ["en"], LanguageChoice.WhatsAppBodyLimit);

        text.Should().HaveLength(LanguageChoice.WhatsAppBodyLimit).And.EndWith("…\n\n" + whole);
    }

    private static PrivacyNotice Notice()
    {
        var options = new PrivacyNoticeOptions();
        foreach (var language in Languages.Supported)
        {
            options.NoticeUrl[language] = $"https://example.org/{language}";
        }

        // The contact book is not reached by With (only AddAsync records on the contact).
        return new PrivacyNotice(null!, new StorageKeys("test"), Texts.Value, Options.Create(options), TimeProvider.System);
    }
}
