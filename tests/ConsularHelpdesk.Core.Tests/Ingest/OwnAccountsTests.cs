using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.Configuration;

using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Ingest;

public sealed class OwnAccountsTests
{
    private static readonly PostCatalog Catalog = PostCatalog.LoadEmbedded();

    private readonly OwnAccounts _own = Create("102290129340398");

    [Theory]
    [InlineData("200000000000001", true)] // the central desk's page
    [InlineData("100000000000002", true)] // a post's WhatsApp phone number id
    [InlineData("102290129340398", true)] // the configured business account
    [InlineData("32470000001", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Our_pages_numbers_and_business_account_are_ours(string? id, bool ours) => _own.IsOurs(id).Should().Be(ours);

    [Fact]
    public void A_citizen_writing_to_our_number_is_a_citizen() =>
        _own.IsOurs(Message("32470000001", "100000000000001", entry: "102290129340398")).Should().BeFalse();

    [Theory]
    [InlineData("555000000000001", "555000000000001", null)] // sender and recipient the same (no sender: the page stands in)
    [InlineData("555000000000009", "555000000000002", "555000000000009")] // the entry's own account
    [InlineData("100000000000001", "555000000000002", null)] // a number of the catalogue
    public void A_message_whose_sender_is_us_is_ours(string from, string to, string? entry) =>
        _own.IsOurs(Message(from, to, entry)).Should().BeTrue();

    [Fact]
    public void An_echo_is_judged_by_its_recipient_the_citizen()
    {
        _own.IsOurs(Message("200000000000001", "7000000000000001", "200000000000001") with { IsEcho = true }).Should().BeFalse();
        _own.IsOurs(Message("200000000000001", "200000000000002", "200000000000001") with { IsEcho = true }).Should().BeTrue();
    }

    [Fact]
    public void A_business_account_id_that_is_no_id_stops_the_app()
    {
        var create = () => Create("my-account");

        create.Should().Throw<InvalidOperationException>().WithMessage("*WhatsApp:BusinessAccountId*");
    }

    private static OwnAccounts Create(string businessAccount) =>
        new(Catalog, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WhatsApp:BusinessAccountId"] = businessAccount }).Build());

    private static ChannelActivity Message(string from, string to, string? entry) => new()
    {
        Type = ActivityTypes.Message,
        Channel = ChannelKind.WhatsApp,
        From = new ChannelAccount(from),
        Recipient = new ChannelAccount(to),
        EntryId = entry,
        Timestamp = DateTimeOffset.UnixEpoch,
        RawJson = "{}",
    };
}
