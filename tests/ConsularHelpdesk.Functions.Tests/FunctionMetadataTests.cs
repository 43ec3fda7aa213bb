using System.Text.Json.Nodes;
using ConsularHelpdesk.Functions.Webhooks;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>What the Functions host will see: the functions.metadata the Worker SDK generated from the attributes.</summary>
public sealed class FunctionMetadataTests
{
    private static readonly JsonArray Functions = FunctionsApp.Read("functions.metadata").AsArray();

    private static JsonObject Function(string name) =>
        Functions.Single(f => (string?)f!["name"] == name)!.AsObject();

    private static JsonObject Trigger(string name) =>
        Function(name)["bindings"]!.AsArray().Single(b => (string?)b!["direction"] == "In")!.AsObject();

    [Fact]
    public void TheAppHasExactlyTheTwoWebhooksTheTriageApiTheInboundOutboundCrisisTaggingBroadcastAndMediaQueueTriggersTheTwoSweepsAndTheGapAlert() =>
        Functions.Select(f => (string?)f!["name"]).Should().BeEquivalentTo("WhatsAppWebhook", "MessengerWebhook", "Triage", "TriagePage", "InboundQueue", "OutboundQueue", "CrisisTagging", "BroadcastQueue", "MediaQueue", "StuckReplySweep", "ResponseTargetSweep", "CoverGapAlert", "RetentionSweep");

    [Fact]
    public void TheCoverGapAlertIsATimerTriggerDailyAtFiveUtc()
    {
        var trigger = Trigger("CoverGapAlert");
        ((string?)trigger["type"]).Should().Be("timerTrigger");
        ((string?)trigger["schedule"]).Should().Be("0 0 5 * * *");
        Function("CoverGapAlert")["bindings"]!.AsArray().Should().ContainSingle("a timer trigger has no output binding");
    }

    [Fact]
    public void TheResponseTargetSweepIsATimerTriggerEveryMinuteApartFromTheStuckReplySweep()
    {
        var trigger = Trigger("ResponseTargetSweep");
        ((string?)trigger["type"]).Should().Be("timerTrigger");
        ((string?)trigger["schedule"]).Should().Be("30 * * * * *");
        Function("ResponseTargetSweep")["bindings"]!.AsArray().Should().ContainSingle("a timer trigger has no output binding");
    }

    [Fact]
    public void TheRetentionSweepIsATimerTriggerEveryHourAwayFromTheMinuteSweeps()
    {
        var trigger = Trigger("RetentionSweep");
        ((string?)trigger["type"]).Should().Be("timerTrigger");
        ((string?)trigger["schedule"]).Should().Be("0 17 * * * *");
        Function("RetentionSweep")["bindings"]!.AsArray().Should().ContainSingle("a timer trigger has no output binding");
    }

    [Fact]
    public void TheStuckReplySweepIsATimerTriggerEveryMinute()
    {
        var trigger = Trigger("StuckReplySweep");
        ((string?)trigger["type"]).Should().Be("timerTrigger");
        ((string?)trigger["schedule"]).Should().Be("0 * * * * *");
        Function("StuckReplySweep")["bindings"]!.AsArray().Should().ContainSingle("a timer trigger has no output binding");
    }

    [Fact]
    public void TheTriageApiIsOneAnonymousTriggerBehindEasyAuthForEveryTriageRoute()
    {
        var trigger = Trigger("Triage");
        ((string?)trigger["type"]).Should().Be("httpTrigger");
        ((string?)trigger["route"]).Should().Be("triage/{*path}");
        ((string?)trigger["authLevel"]).Should().BeEquivalentTo("Anonymous");
        trigger["methods"]!.AsArray().Select(m => ((string?)m)!.ToUpperInvariant()).Should().BeEquivalentTo("GET", "POST", "PUT", "DELETE");
    }

    [Theory]
    [InlineData("WhatsAppWebhook", "webhooks/whatsapp")]
    [InlineData("MessengerWebhook", "webhooks/messenger")]
    public void EachWebhookIsAnAnonymousHttpTriggerForGetAndPostOnItsRoute(string name, string route)
    {
        var trigger = Trigger(name);
        ((string?)trigger["type"]).Should().Be("httpTrigger");
        ((string?)trigger["authLevel"]).Should().Be("Anonymous", "Meta cannot send a function key; the signature authenticates");
        ((string?)trigger["route"]).Should().Be(route);
        trigger["methods"]!.AsArray().Select(m => ((string?)m)!.ToUpperInvariant()).Should().BeEquivalentTo("GET", "POST");

        var output = Function(name)["bindings"]!.AsArray().Single(b => (string?)b!["direction"] == "Out")!;
        ((string?)output["type"]).Should().Be("http");
        ((string?)output["name"]).Should().Be("$return");
    }

    [Theory]
    [InlineData("InboundQueue", "inbound")]
    [InlineData("OutboundQueue", "outbound")]
    [InlineData("CrisisTagging", "crisis-tagging")]
    [InlineData("BroadcastQueue", "broadcasts")]
    [InlineData("MediaQueue", "media")]
    public void EachQueueTriggerReadsItsQueueOfTheHostsStorageAccountAsText(string function, string queue)
    {
        var trigger = Trigger(function);
        var names = new Storage.StorageNames(null);
        ((string?)trigger["type"]).Should().Be("queueTrigger");
        ((string?)trigger["queueName"]).Should().Be(queue).And.BeOneOf(names.InboundQueue, names.OutboundQueue, names.CrisisTaggingQueue, names.BroadcastQueue, names.MediaQueue);
        ((string?)trigger["connection"]).Should().Be("AzureWebJobsStorage");
        ((string?)trigger["dataType"]).Should().Be("String");
        Function(function)["bindings"]!.AsArray().Should().ContainSingle("a queue trigger has no output binding");
    }

    [Fact]
    public void EveryEntryPointIsAPublicMethodOfTheFunctionsAssembly()
    {
        var assembly = typeof(WebhookFunctions).Assembly;
        foreach (var function in Functions)
        {
            ((string?)function!["scriptFile"]).Should().Be(assembly.GetName().Name + ".dll");
            var entryPoint = (string)function["entryPoint"]!;
            var split = entryPoint.LastIndexOf('.');
            var type = assembly.GetType(entryPoint[..split]);
            type.Should().NotBeNull(entryPoint);
            type!.GetMethod(entryPoint[(split + 1)..]).Should().NotBeNull(entryPoint);
        }
    }
}
