using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Threads;

public sealed class FieldLimitsTests
{
    private static readonly string Huge = new('x', 100 * 1024);

    [Fact]
    public void A_long_text_is_clipped_to_its_limit_with_a_visible_marker()
    {
        var clipped = FieldLimits.Clip(Huge, FieldLimits.MaxText)!;

        clipped.Length.Should().Be(FieldLimits.MaxText);
        clipped.Should().EndWith(FieldLimits.Marker).And.StartWith("xxxx");
        FieldLimits.Clip("short", FieldLimits.MaxText).Should().Be("short");
    }

    [Fact]
    public void Clipping_never_leaves_half_an_emoji()
    {
        var text = new string('a', 100 - FieldLimits.Marker.Length - 1) + string.Concat(Enumerable.Repeat("😀", 20));

        var clipped = FieldLimits.Clip(text, 100)!;

        clipped.Should().EndWith("a" + FieldLimits.Marker);
    }

    [Fact]
    public void Every_stored_field_of_a_message_is_bounded()
    {
        var activity = Message() with
        {
            From = new ChannelAccount("32470000001", Huge, "32470000001"),
            Text = Huge,
            Payload = Huge,
            Referral = Huge,
            Reaction = Huge,
            ContentKind = Huge,
            ReplyToId = Huge,
            Location = new GeoPoint(1, 2, Huge, Huge),
            Attachments = [new ChannelAttachment(Huge, Huge, Huge, Huge, Huge, Huge, Huge, Huge)],
            Errors = [.. Enumerable.Repeat(new ChannelError(1, Huge, Huge, Huge), 50)],
        };

        var bounded = FieldLimits.Bound(activity);

        bounded.From.Name!.Length.Should().Be(FieldLimits.MaxName);
        bounded.From.Id.Should().Be("32470000001");
        bounded.Text!.Length.Should().Be(FieldLimits.MaxText);
        bounded.Payload!.Length.Should().Be(FieldLimits.MaxPayload);
        bounded.Referral!.Length.Should().Be(FieldLimits.MaxName);
        bounded.Reaction!.Length.Should().Be(FieldLimits.MaxWord);
        bounded.ContentKind.Length.Should().Be(FieldLimits.MaxWord);
        bounded.ReplyToId.Should().BeNull("an over-long reference points at nothing we could have stored");
        bounded.Location!.Name!.Length.Should().Be(FieldLimits.MaxName);
        bounded.Location.Address!.Length.Should().Be(FieldLimits.MaxName);
        bounded.Attachments.Should().ContainSingle().Which.Caption!.Length.Should().Be(FieldLimits.MaxPayload);
        bounded.Errors.Should().HaveCount(FieldLimits.MaxErrors);
        bounded.RawJson.Should().Be(activity.RawJson, "the raw JSON keeps everything (in a blob when large)");
    }

    [Fact]
    public void Attachments_and_errors_as_json_fit_in_one_table_property_even_in_a_non_latin_script()
    {
        // JSON escapes every non-ASCII character as \uXXXX: six characters for one.
        var cyrillic = new string('Ж', 20_000);
        var attachments = Enumerable.Range(0, 20).Select(_ => new ChannelAttachment("image", Caption: cyrillic, Name: cyrillic, Content: cyrillic, Url: cyrillic)).ToList();
        var errors = Enumerable.Range(0, 50).Select(_ => new ChannelError(1, cyrillic, cyrillic, cyrillic)).ToList();

        var attachmentsJson = FieldLimits.AttachmentsJson([.. attachments.Select(a => FieldLimits.Bound(Message() with { Attachments = [a] }).Attachments[0])])!;
        var errorsJson = FieldLimits.ErrorsJson(FieldLimits.Bound(Message() with { Errors = errors }).Errors)!;

        attachmentsJson.Length.Should().BeLessThanOrEqualTo(FieldLimits.MaxJsonProperty);
        attachmentsJson.Should().StartWith("[{");
        errorsJson.Length.Should().BeLessThanOrEqualTo(FieldLimits.MaxJsonProperty);
        FieldLimits.AttachmentsJson([]).Should().BeNull();
    }

    [Theory]
    [InlineData("from")]
    [InlineData("recipient")]
    [InlineData("id")]
    [InlineData("status id")]
    public void An_id_longer_than_any_of_metas_is_named(string field)
    {
        var activity = field switch
        {
            "from" => Message() with { From = new ChannelAccount(Huge) },
            "recipient" => Message() with { Recipient = new ChannelAccount(Huge) },
            "id" => Message() with { ChannelMessageId = Huge },
            _ => Message() with { Type = ActivityTypes.MessageStatus, Status = new DeliveryStatus(DeliveryState.Read, null, null, ["m_1", Huge]) },
        };

        FieldLimits.OversizedId(activity).Should().Be(field);
        FieldLimits.OversizedId(Message()).Should().BeNull();
    }

    private static ChannelActivity Message() => new()
    {
        Type = ActivityTypes.Message,
        Channel = ChannelKind.WhatsApp,
        From = new ChannelAccount("32470000001"),
        Recipient = new ChannelAccount("100000000000001"),
        ChannelMessageId = "wamid.1",
        Timestamp = DateTimeOffset.UnixEpoch,
        RawJson = "{}",
    };
}
