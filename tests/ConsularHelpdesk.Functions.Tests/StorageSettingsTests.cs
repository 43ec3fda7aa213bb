using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>The Functions app and its queue trigger read one storage account, configured once as AzureWebJobsStorage.</summary>
public sealed class StorageSettingsTests
{
    private static StorageOptions Options(params (string Key, string? Value)[] settings)
    {
        using var services = TestServices.Create(settings);
        return services.GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    [Fact]
    public void WithoutStorageSettingsTheCoreUsesTheAzureWebJobsStorageConnectionString()
    {
        var options = Options(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        options.ConnectionString.Should().Be("UseDevelopmentStorage=true");
        options.AccountName.Should().BeNull();
    }

    [Fact]
    public void WithoutStorageSettingsTheCoreUsesTheAzureWebJobsStorageAccountForManagedIdentity()
    {
        var options = Options(("AzureWebJobsStorage", null), ("AzureWebJobsStorage:accountName", "helpdeskprod"));

        options.AccountName.Should().Be("helpdeskprod");
        options.ConnectionString.Should().BeNull();
    }

    [Fact]
    public void AnExplicitStorageConnectionStringWinsOverAzureWebJobsStorage() =>
        Options(("Storage:ConnectionString", "UseDevelopmentStorage=true"))
            .ConnectionString.Should().Be("UseDevelopmentStorage=true");

    [Fact]
    public void AnExplicitStorageAccountNameWinsOverAzureWebJobsStorage()
    {
        var options = Options(("Storage:AccountName", "helpdeskprod"));

        options.AccountName.Should().Be("helpdeskprod");
        options.ConnectionString.Should().BeNull();
    }

    [Fact]
    public void AStoragePrefixStopsTheAppBecauseTheQueueTriggerListensOnTheFixedInboundQueue()
    {
        var read = () => Options(("Storage:Prefix", "test1"));

        read.Should().Throw<OptionsValidationException>().WithMessage("*Storage:Prefix*inbound*");
    }
}

public sealed class StorageKeySecretTests
{
    [Fact]
    public void A_real_storage_account_without_a_key_secret_stops_the_start_naming_the_setting()
    {
        using var services = TestServices.Create(("Storage:KeySecret", null));

        var read = () => services.GetRequiredService<IOptions<StorageOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*Storage:KeySecret*");
    }
}

/// <summary>local.settings.sample.json works as it stands: copied to local.settings.json, the app starts with it.</summary>
public sealed class SampleSettingsTests
{
    [Fact]
    public void TheSampleSettingsStartTheAppAgainstDevelopmentStorageWithTheMetaSecretsForBothChannels()
    {
        var values = FunctionsApp.Read("local.settings.sample.json")["Values"]!.AsObject();
        ((string?)values["FUNCTIONS_WORKER_RUNTIME"]).Should().Be("dotnet-isolated");

        // The Functions host turns Values into environment variables, where __ stands for the configuration separator.
        var settings = values.Select(v => (v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)).ToArray();
        using var services = TestServices.Create([.. settings, ("Meta:AppSecret", "filled-in"), ("Meta:VerifyToken", "filled-in")]);

        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        storage.ConnectionString.Should().Be("UseDevelopmentStorage=true");
        storage.IsDevelopmentStorage.Should().BeTrue();
        var secrets = services.GetRequiredService<MetaSecrets>();
        secrets.For(ChannelKind.WhatsApp).AppSecret.Should().Be("filled-in", "an empty per-channel value does not override");
        secrets.For(ChannelKind.Messenger).VerifyToken.Should().Be("filled-in");
    }

    [Fact]
    public void TheSampleHoldsPlaceholdersOnly()
    {
        var values = FunctionsApp.Read("local.settings.sample.json")["Values"]!.AsObject();
        ((bool)FunctionsApp.Read("local.settings.sample.json")["IsEncrypted"]!).Should().BeFalse();
        ((string?)values["Meta__AppSecret"]).Should().StartWith("<").And.EndWith(">");
        ((string?)values["Meta__VerifyToken"]).Should().StartWith("<").And.EndWith(">");
        values.Select(v => (string?)v.Value).Should().NotContain(v => v != null && v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }
}
