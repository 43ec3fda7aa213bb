using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Core.Tests.Ingest;

public sealed class MetaSecretsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Channel_settings_override_the_meta_defaults()
    {
        var secrets = MetaSecrets.FromConfiguration(Config(
            ("Meta:AppSecret", "shared"), ("Meta:VerifyToken", "token"), ("Messenger:AppSecret", "page-app"), ("WhatsApp:VerifyToken", "wa-token")));

        secrets.For(ChannelKind.WhatsApp).Should().Be(new ChannelSecrets("shared", "wa-token"));
        secrets.For(ChannelKind.Messenger).Should().Be(new ChannelSecrets("page-app", "token"));
    }

    [Fact]
    public void A_missing_secret_stops_the_start_with_the_setting_named()
    {
        var act = () => MetaSecrets.FromConfiguration(Config(("Meta:VerifyToken", "token"), ("Messenger:AppSecret", "page-app")));

        act.Should().Throw<InvalidOperationException>()
            .Which.Message.Should().Contain("'WhatsApp:AppSecret' (or 'Meta:AppSecret' for both channels)")
            .And.NotContain("Messenger:AppSecret").And.NotContain("VerifyToken");
    }
}
