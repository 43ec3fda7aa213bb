namespace ConsularHelpdesk.Channels;

/// <summary>What every parser promises about bodies it cannot read at all.</summary>
internal static class ParserContract
{
    public static TheoryData<string> MalformedBodies => new()
    {
        string.Empty,
        "   ",
        "{\"object\":\"page\",\"entry\":[{\"id\":\"secret-citizen-data\"",
        "{\"text\":\"secret-citizen-data\"} trailing",
        "secret-citizen-data",
        "[{\"object\":\"page\"}]",
        "\"secret-citizen-data\"",
        "42",
        "null",
    };

    public static void RejectsInvalidUtf8(IChannelParser parser)
    {
        byte[] body = [.. "{\"object\":\"page\",\"text\":\"secret-"u8, 0xFF, .. "\"}"u8];

        var parse = () => parser.Parse(body);

        parse.Should().Throw<MalformedPayloadException>().WithMessage("*UTF-8*");
    }

    public static void Rejects(IChannelParser parser, string body)
    {
        var parse = () => parser.Parse(Fixtures.Utf8(body));

        parse.Should().Throw<MalformedPayloadException>()
            .Which.ToString().Should().NotContain("secret-citizen-data");
    }
}
