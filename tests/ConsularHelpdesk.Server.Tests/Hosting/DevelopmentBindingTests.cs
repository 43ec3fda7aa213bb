using ConsularHelpdesk.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>Which configured addresses other machines could reach, from every place Kestrel reads them.</summary>
public sealed class DevelopmentBindingTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("urls", "http://*:8080")]
    [InlineData("urls", "http://+:8080")]
    [InlineData("urls", "http://[::]:8080")]
    [InlineData("urls", "http://192.168.1.20:8080")]
    [InlineData("urls", "http://helpdesk.example:8080")]
    [InlineData("urls", "http://127.0.0.1:5080;http://0.0.0.0:8080")]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:5000")]
    public void A_wildcard_or_network_address_is_remote(string key, string value)
    {
        var configuration = Configuration((key, value));

        DevelopmentBinding.RemoteAddresses(configuration).Should().ContainSingle();
        DevelopmentBinding.Refusal(configuration, Environment(Environments.Development), allowRemote: false)
            .Should().StartWith("Refusing to start: the Development environment").And.Contain("--allow-remote-dev");
    }

    [Theory]
    [InlineData("urls", "http://localhost:5080")]
    [InlineData("urls", "http://127.0.0.1:0;https://LOCALHOST:5001")]
    [InlineData("urls", "http://[::1]:5080")]
    [InlineData("urls", "http://unix:/tmp/helpdesk.sock")]
    [InlineData("Kestrel:Endpoints:Local:Url", "http://127.0.0.1:5000")]
    [InlineData("urls", "")]
    public void Loopback_addresses_are_local(string key, string value)
    {
        var configuration = Configuration((key, value));

        DevelopmentBinding.RemoteAddresses(configuration).Should().BeEmpty();
        DevelopmentBinding.Refusal(configuration, Environment(Environments.Development), allowRemote: false).Should().BeNull();
    }

    [Fact]
    public void Only_development_is_held_to_loopback_and_the_operator_can_allow_it()
    {
        var configuration = Configuration(("urls", "http://0.0.0.0:8080"));

        DevelopmentBinding.Refusal(configuration, Environment(Environments.Production), allowRemote: false).Should().BeNull();
        DevelopmentBinding.Refusal(configuration, Environment(Environments.Development), allowRemote: true).Should().BeNull();
        DevelopmentBinding.Refusal(configuration, Environment(Environments.Development), allowRemote: false).Should().Contain("http://0.0.0.0:8080");
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };
}
