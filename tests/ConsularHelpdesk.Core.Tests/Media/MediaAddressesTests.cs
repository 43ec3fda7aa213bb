using ConsularHelpdesk.Replies;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Media;

/// <summary>A media download goes to Meta's CDNs over HTTPS, or to the configured Graph API; nowhere else.</summary>
public sealed class MediaAddressesTests
{
    private static readonly MediaAddresses Addresses = new(
        Options.Create(new GraphApiOptions { BaseUrl = new Uri("http://127.0.0.1:5099/v21.0/") }),
        Options.Create(new MediaOptions()));

    [Theory]
    [InlineData("https://scontent.xx.fbcdn.net/v/t1.15752-9/image.jpg?oh=1")]
    [InlineData("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1")]
    [InlineData("https://cdn.fbsbx.com/v/t59.3654-21/audioclip.mp4")]
    [InlineData("http://127.0.0.1:5099/media/123")]
    public void Metas_hosts_and_the_graph_api_base_are_allowed(string address) =>
        Addresses.IsAllowed(new Uri(address)).Should().BeTrue();

    [Theory]
    [InlineData("http://scontent.xx.fbcdn.net/image.jpg")]
    [InlineData("https://scontent.xx.fbcdn.net:8443/image.jpg")]
    [InlineData("https://fbcdn.net.evil.example/image.jpg")]
    [InlineData("https://evilfbcdn.net/image.jpg")]
    [InlineData("https://evil.example/scontent.fbcdn.net/image.jpg")]
    [InlineData("https://user@scontent.xx.fbcdn.net/image.jpg")]
    [InlineData("http://169.254.169.254/metadata/identity")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/media")]
    [InlineData("http://localhost:5099/media/123")]
    [InlineData("file:///etc/passwd")]
    public void Anything_else_is_refused(string address) =>
        Addresses.IsAllowed(new Uri(address)).Should().BeFalse();

    [Fact]
    public void No_address_is_refused() => Addresses.IsAllowed(null).Should().BeFalse();
}
