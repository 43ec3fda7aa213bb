using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>infra/main.bicep builds and lints clean offline, and deploys what the app reads.</summary>
public sealed class InfraTests
{
    private static readonly string Root = FindRoot();
    private static readonly Lazy<JsonNode> Template = new(() => JsonNode.Parse(Bicep("build", "--stdout").Output)!);

    [Fact]
    public void TheTemplateBuildsAndLintsWithoutAWarning()
    {
        var lint = Bicep("lint");

        lint.Exit.Should().Be(0);
        (lint.Output + lint.Error).Should().NotContainAny("Warning", "Error");
        Template.Value["resources"].Should().NotBeNull();
    }

    [Fact]
    public void TheAppGetsEverySecretItRequiresFromKeyVaultAndReachesStorageWithItsIdentity()
    {
        var text = Template.Value.ToJsonString();

        // What the app refuses to start without (MetaSecrets, StorageOptions) and what it sends replies with.
        foreach (var setting in new[] { "Meta__AppSecret", "Meta__VerifyToken", "Storage__KeySecret", "Privacy__Keys__k1", "Privacy__ActiveKey", "Privacy__NoticeUrl__", "WhatsApp__AccessToken", "Messenger__PageAccessToken" })
        {
            text.Should().Contain(setting);
        }

        text.Should().Contain("@Microsoft.KeyVault(").And.Contain("AzureWebJobsStorage__accountName").And.Contain("Storage__AccountName");
        text.Should().Contain("\"allowSharedKeyAccess\":false", "storage is reached with managed identity only");
        text.Should().Contain("b7e6dc6d-f1e8-4753-8033-0f276bb0955b").And.Contain("974c5e8b-45b9-4653-ba55-5f855dd0fb88").And.Contain("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3");
    }

    [Fact]
    public void TheAuditArchiveContainerHasATimeBasedImmutabilityPolicy()
    {
        var policy = Resources().FirstOrDefault(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");

        policy.Should().NotBeNull("the Audit table has no immutability of its own: its copy goes to an immutable container");
        ((string?)policy!["name"]).Should().Contain("audit-archive");
        ((string?)policy["properties"]!["immutabilityPeriodSinceCreationInDays"]).Should().Contain("auditArchiveDays");
    }

    [Fact]
    public void TheLifecycleRulesDeleteClaimChecksAfterAWeekAndNeverTouchTheFilesOfConversationsTheAppKeeps()
    {
        var policy = Resources().FirstOrDefault(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/managementPolicies");

        policy.Should().NotBeNull();
        var rules = policy!["properties"]!["policy"]!["rules"]!.AsArray();
        var claimChecks = rules.Single(r => (string?)r!["name"] == "expire-inbound-payloads")!["definition"]!;
        claimChecks["filters"]!["prefixMatch"]!.AsArray().Select(p => (string?)p).Should().Equal("inbound-payloads/20");
        ((string?)claimChecks["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]).Should().Contain("claimCheckDays");
        ((int?)Template.Value["parameters"]!["claimCheckDays"]!["defaultValue"]).Should().Be(7);

        // An age rule cannot see a legal hold or a case open for more than a year: the app's sweep alone deletes those files.
        var prefixes = rules.SelectMany(r => r!["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => (string?)p ?? string.Empty)).ToList();
        prefixes.Should().NotContain(p => p.StartsWith("media", StringComparison.Ordinal) || p.StartsWith("attachments", StringComparison.Ordinal) || p.StartsWith("inbound-payloads/raw", StringComparison.Ordinal));
        prefixes.Should().OnlyContain(p => p.Length > 0, "a rule without a prefix would take every container");
    }

    [Fact]
    public void EasyAuthSignsAgentsInButLetsMetasWebhooksThrough()
    {
        var auth = Resources().FirstOrDefault(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])!.Contains("authsettingsV2", StringComparison.Ordinal));

        auth.Should().NotBeNull();
        var validation = auth!["properties"]!["globalValidation"]!;
        ((string?)validation["unauthenticatedClientAction"]).Should().Be("AllowAnonymous");
        ((bool?)validation["requireAuthentication"]).Should().BeFalse();
    }

    private static IEnumerable<JsonNode> Resources() => Template.Value["resources"] switch
    {
        JsonArray array => array.Select(r => r!),
        JsonObject symbolic => symbolic.Select(r => r.Value!), // languageVersion 2.0 names its resources
        _ => [],
    };

    private static (int Exit, string Output, string Error) Bicep(string verb, params string[] extra)
    {
        var package = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!;
        var binary = Path.Combine(package, "tools", "bicep");
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit.
            File.SetUnixFileMode(binary, File.GetUnixFileMode(binary) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(verb);
        start.ArgumentList.Add(Path.Combine(Root, "infra", "main.bicep"));
        foreach (var arg in extra)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(2)).Should().BeTrue();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConsularHelpdesk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root is not above the test output.");
    }
}
