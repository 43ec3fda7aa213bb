using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Core.Tests.Triage;

public sealed class MessageRelationsTests
{
    private static readonly MessageView Plain = new("msg-2", "in", ContentKinds.Text, "Et maintenant ?", null, DateTimeOffset.UnixEpoch, null, [], [], null, []);

    [Fact]
    public void A_quote_is_at_most_a_hundred_characters_on_one_line_and_never_cuts_an_emoji_in_half()
    {
        var text = new string('a', 98) + "😀\nmore text after it";

        var excerpt = MessageRelations.Excerpt(Row("msg-1", text, "wamid.1"));

        excerpt.Should().Be(new string('a', 98) + "…");
        MessageRelations.Excerpt(Row("msg-1", "line one\nline two", "wamid.1")).Should().Be("line one line two");
    }

    [Fact]
    public void A_reply_quotes_the_message_of_the_thread_it_answers_and_says_when_that_message_is_not_there()
    {
        var quoted = Row("msg-1", "Mon passeport a été volé", "wamid.1");
        var index = MessageRelations.ByChannelId([quoted]);

        var found = MessageRelations.With(Plain, Row("msg-2", "Et maintenant ?", "wamid.2", replyTo: "wamid.1"), index);
        var missing = MessageRelations.With(Plain, Row("msg-2", "Et maintenant ?", "wamid.2", replyTo: "wamid.old"), index);

        found.ReplyTo.Should().Be(new QuoteView(true, "msg-1", "in", ContentKinds.Text, "Mon passeport a été volé"));
        missing.ReplyTo.Should().Be(new QuoteView(false));
    }

    [Fact]
    public void An_unsupported_message_names_the_platforms_type_instead_of_the_parsers_english_words()
    {
        var row = Row("msg-3", "Unsupported WhatsApp message type: poll_update", "wamid.3");
        row.Kind = ContentKinds.Unsupported;

        var view = MessageRelations.With(Plain with { Kind = ContentKinds.Unsupported, Text = row.Text }, row, MessageRelations.ByChannelId([row]));

        view.Text.Should().BeNull();
        view.UnsupportedType.Should().Be("poll_update");
    }

    private static MessageEntity Row(string rowKey, string text, string channelId, string? replyTo = null) => new()
    {
        PartitionKey = "c1",
        RowKey = rowKey,
        Direction = Directions.Inbound,
        ActivityType = ActivityTypes.Message,
        Kind = ContentKinds.Text,
        Text = text,
        ChannelMessageId = channelId,
        ReplyToId = replyTo,
    };
}
