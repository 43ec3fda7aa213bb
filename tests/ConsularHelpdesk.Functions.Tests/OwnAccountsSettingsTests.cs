using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>The Functions app checks our own account ids when it starts, as the self-host does, not at the first message.</summary>
public sealed class OwnAccountsSettingsTests
{
    [Fact]
    public void ABusinessAccountIdThatIsNotDigitsStopsTheStartNamingTheSetting()
    {
        using var services = TestServices.Create(("WhatsApp:BusinessAccountId", "WABA-1234"));

        // What the host runs before any trigger: every ValidateOnStart registration.
        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().WithMessage("*WhatsApp:BusinessAccountId*");
    }

    [Fact]
    public void ADigitsOnlyBusinessAccountIdStarts()
    {
        using var services = TestServices.Create(("WhatsApp:BusinessAccountId", "102290129340398"));

        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().NotThrow();
    }
}
